using ChestScreener.Dicom.Output;

namespace ChestScreener.Dicom.Tests.Output;

/// <summary>The one home of UIDs: random ones, ones derived from a name (synthetic sets), and the validity check.</summary>
public class DicomUidsTests
{
    [Fact]
    public void Uid_of_a_name_is_the_first_128_bits_of_its_sha256_under_2_25()
    {
        // Computed independently (Python: int.from_bytes(sha256(name)[:16], "big")); the value synthetic sets were
        // written with before the UID helpers were merged, so existing sets keep their UIDs.
        Assert.Equal("2.25.306319619199442341675259487651240662498", DicomUids.FromName("chestscreener-synth/7/n1/study"));
        Assert.Equal(DicomUids.FromName("a"), DicomUids.FromName("a"));
        Assert.NotEqual(DicomUids.FromName("a"), DicomUids.FromName("b"));
    }

    [Fact]
    public void New_and_named_uids_are_valid_and_distinct()
    {
        var uids = Enumerable.Range(0, 200).Select(_ => DicomUids.New())
            .Concat(Enumerable.Range(0, 200).Select(i => DicomUids.FromName("n" + i))).ToList();
        Assert.All(uids, u => Assert.True(DicomUids.IsValid(u) && u.StartsWith("2.25.", StringComparison.Ordinal) && u.Length <= 44, u));
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)]
    [InlineData("2.25.0", true)]
    [InlineData("2.25.01", false)]
    [InlineData("1..2", false)]
    [InlineData("1.2.a", false)]
    [InlineData("", false)]
    public void Validity_follows_the_uid_grammar(string uid, bool valid)
    {
        Assert.Equal(valid, DicomUids.IsValid(uid));
        Assert.False(DicomUids.IsValid("1." + new string('2', 63)));
    }
}
