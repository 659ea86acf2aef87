namespace ChestScreener.Anatomy.Tests;

public class ChestGateTests
{
    private static readonly AnatomyFacts Chest = new()
    {
        ScanLengthMm = 300, LeftLungMl = 2200, RightLungMl = 2600, LungHeightMm = 240, LungTopMarginMm = 20, LungBottomMarginMm = 40,
        TopLungCoverMm = 0, BottomLungCoverMm = 0, TopCutFraction = 0, BottomCutFraction = 0, MediastinumHeightMm = 160,
        LungSeparationMm = 140, TracheaFound = true, HeartMl = 600, InternalAirMl = 4900,
    };

    [Fact]
    public void PlausibleChestPasses()
    {
        var v = ChestGate.Evaluate(Chest);
        Assert.True(v.Passed, v.Message);
        Assert.Contains("chest gate: passed", v.Checks);
        Assert.Contains(v.Checks, c => c.StartsWith("lungs: right 2.60 l, left 2.20 l"));
    }

    [Fact]
    public void LungBasesAtTheTopOfALongScanAreAnAbdomen()
    {
        var f = Chest with { ScanLengthMm = 450, LeftLungMl = 180, RightLungMl = 220, LungHeightMm = 40, TopCutFraction = 0.8, TopLungCoverMm = 40, LungTopMarginMm = 0, LungBottomMarginMm = 410 };
        var v = ChestGate.Evaluate(f);
        Assert.False(v.Passed);
        Assert.Equal(RejectionCode.NotChest, v.Code);
        Assert.Equal("lungs cover only the top 40 mm of the 450 mm scan (lung bases; the other 410 mm lie below them): this looks like an abdominal CT", v.Message);
    }

    [Fact]
    public void ApicesAtTheBottomAreANeck()
    {
        var f = Chest with { ScanLengthMm = 250, LeftLungMl = 60, RightLungMl = 70, LungHeightMm = 30, BottomCutFraction = 0.9, BottomLungCoverMm = 30 };
        var v = ChestGate.Evaluate(f);
        Assert.Equal(RejectionCode.NotChest, v.Code);
        Assert.Contains("neck", v.Message);
    }

    [Fact]
    public void LungsCutThroughTheirWidestPartAreIncomplete()
    {
        var f = Chest with { ScanLengthMm = 80, LungHeightMm = 80, TopCutFraction = 0.9, BottomCutFraction = 0.7, TopLungCoverMm = 80, BottomLungCoverMm = 80, RightMissingFraction = 0.55, LeftMissingFraction = 0.6 };
        var v = ChestGate.Evaluate(f);
        Assert.Equal(RejectionCode.IncompleteSeries, v.Code);
        Assert.Contains("cut off at both ends", v.Message);
        Assert.Contains("about 60% of the left lung lies outside it", v.Message);
        var e = Assert.Throws<ScreenerException>(() => ChestGate.Check(new AnatomyResult { Labels = new(Imaging.Geometry.VolumeGeometry.Axial(1, 1, 1, new(1, 1, 1))), Body = new(Imaging.Geometry.VolumeGeometry.Axial(1, 1, 1, new(1, 1, 1))), Facts = f }));
        Assert.Equal(RejectionCode.IncompleteSeries, e.Code);
    }

    [Fact]
    public void ABaseCutByAFewPercentIsAWarningAndMoreIsIncomplete()
    {
        var cut = Chest with { LungBottomMarginMm = 0, BottomCutFraction = 0.12, BottomLungCoverMm = 240, RightBottomCutFraction = 0.15, LeftBottomCutFraction = 0.02, RightMissingFraction = 0.04 };
        var v = ChestGate.Evaluate(cut);
        Assert.True(v.Passed, v.Message);
        var w = Assert.Single(v.Warnings);
        Assert.Equal("lung_base_cut", w.Code);
        Assert.Equal("the base of the right lung reaches the last slice: about 4% of the lung estimated outside the scan", w.Message);
        Assert.Contains(v.Checks, c => c.StartsWith("warning lung_base_cut: "));

        var more = ChestGate.Evaluate(cut with { RightMissingFraction = 0.11 });
        Assert.False(more.Passed);
        Assert.Equal(RejectionCode.IncompleteSeries, more.Code);
        Assert.Empty(more.Warnings);
    }

    [Fact]
    public void AnotherBodyPartTagOrAWholeBodyScanIsStated()
    {
        var v = ChestGate.Evaluate(Chest with { BodyPart = "thyroid", ScanLengthMm = 1000, LungTopMarginMm = 200, LungBottomMarginMm = 560 });
        Assert.True(v.Passed, v.Message);
        Assert.Equal(["body_part_mismatch", "chest_portion_analysed"], v.Warnings.Select(w => w.Code));
        Assert.Contains("BodyPartExamined THYROID", v.Warnings[0].Message);
        Assert.Empty(ChestGate.Evaluate(Chest with { BodyPart = "CHEST" }).Warnings);
    }

    [Fact]
    public void NoAirIsNotAChest()
    {
        var v = ChestGate.Evaluate(new AnatomyFacts { ScanLengthMm = 100, InternalAirMl = 12 });
        Assert.Equal(RejectionCode.NotChest, v.Code);
        Assert.StartsWith("no lungs: the air inside the body totals 12 ml", v.Message);
    }

    [Fact]
    public void OneLungOrNoMediastinumIsRejected()
    {
        Assert.Equal(RejectionCode.NotChest, ChestGate.Evaluate(Chest with { LeftLungMl = 90 }).Code);
        var v = ChestGate.Evaluate(Chest with { MediastinumHeightMm = 10 });
        Assert.False(v.Passed);
        Assert.Contains("no mediastinum", v.Message);
    }
}
