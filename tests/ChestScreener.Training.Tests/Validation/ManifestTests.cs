using ChestScreener.Training.Data;

namespace ChestScreener.Training.Tests.Validation;

public sealed class ManifestTests
{
    [Theory]
    [InlineData("/data/corpus/lidc-idri-0001/ct.nii.gz", "lidc-idri-0001")]
    [InlineData("/data/corpus/cptac/IMAGE.nii", "cptac")]
    [InlineData("/tmp/cs-data/popi-00.nii.gz", "popi-00")]
    [InlineData("/data/chest/lidc-idri-0314/", "lidc-idri-0314")]
    public void A_generic_file_name_takes_its_folder_name(string path, string name) => Assert.Equal(name, ManifestEntry.NameFromPath(path));

    [Fact]
    public void A_corpus_manifest_gives_names_patients_masks_and_boxes_and_round_trips()
    {
        var dir = Directory.CreateTempSubdirectory("corpus").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "a"));
            File.WriteAllText(Path.Combine(dir, "a", "lesions.json"),
                """{"lesions":[{"id":1,"bbox_mm_lps":{"min":[1,2,3],"max":[4,5,6]}},{"id":2,"bbox_mm_lps":{"min":[-1,-2,-3],"max":[0,0,0]}}]}""");
            File.WriteAllText(Path.Combine(dir, "manifest.csv"), "name,ct,lesions,patient,collection\nstudy-a,a/ct.nii.gz,a/lesions.nii.gz,PAT-A,X\n");
            var m = Manifest.FromCorpus(Path.Combine(dir, "manifest.csv"));
            var e = Assert.Single(m.Entries);
            Assert.Equal(("study-a", "PAT-A"), (e.Name, e.Patient));
            Assert.Equal(Path.Combine(dir, "a", "lesions.nii.gz"), e.LesionMask);
            Assert.Equal(2, e.Exclude.Count);
            Assert.Equal("1 2 3 4 5 6", e.Exclude[0].ToString());

            var written = Path.Combine(dir, "train.csv");
            m.Write(written);
            var back = Assert.Single(Manifest.Read(written).Entries);
            Assert.Equal((e.Name, e.Patient, e.LesionMask, e.Exclude.Count), (back.Name, back.Patient, back.LesionMask, back.Exclude.Count));
        }
        finally { Directory.Delete(dir, true); }
    }
}
