using ChestScreener.Imaging;
using ChestScreener.Anatomy.Tests.Phantoms;
using Xunit.Abstractions;

namespace ChestScreener.Anatomy.Tests;

/// <summary>One identity-layout phantom and its analysis, shared by the tests that only read it.</summary>
public sealed class IdentityPhantom
{
    public IdentityPhantom()
    {
        Phantom = ChestPhantom.Create();
        Anatomy = AnatomyAnalyzer.Analyze(Phantom.Ct, threads: 2);
    }

    public ChestPhantom Phantom { get; }
    public AnatomyResult Anatomy { get; }
}

public class PhantomAnatomyTests(IdentityPhantom shared, ITestOutputHelper output) : IClassFixture<IdentityPhantom>
{
    [Theory]
    [InlineData(PhantomLayout.Identity)]
    [InlineData(PhantomLayout.RowsReversed)]
    [InlineData(PhantomLayout.ColumnsReversed)]
    [InlineData(PhantomLayout.Rotated90)]
    [InlineData(PhantomLayout.HeadFirstSlices)]
    public void LungsMatchTheKnownMasksAndSidesFollowPatientAxes(PhantomLayout layout)
    {
        var phantom = ChestPhantom.Create(layout);
        var a = AnatomyAnalyzer.Analyze(phantom.Ct, threads: 2);
        var m = Overlap.Measure(a.Labels.Data, phantom.Truth);
        output.WriteLine($"{layout}: lung Dice {m.LungDice:0.0000}, right {m.RightDice:0.0000}, left {m.LeftDice:0.0000}, swapped {m.SwappedVoxels}");
        Assert.True(m.LungDice >= 0.97, $"lung Dice {m.LungDice:0.000} < 0.97 ({layout})");
        Assert.True(m.RightDice >= 0.97, $"right lung Dice {m.RightDice:0.000} ({layout}): sides swapped or split wrong");
        Assert.True(m.LeftDice >= 0.97, $"left lung Dice {m.LeftDice:0.000} ({layout}): sides swapped or split wrong");
        Assert.Equal(0, m.SwappedVoxels);
        ChestGate.Check(a);
    }

    [Fact]
    public void TouchingLungsAreSplitAtTheJunction()
    {
        // Lung centres 36 mm from the midline with 37 mm half-width: the two lungs overlap at x = 0.
        var phantom = ChestPhantom.Create(PhantomLayout.Identity, lungCentreMm: 36);
        var a = AnatomyAnalyzer.Analyze(phantom.Ct, threads: 2);
        var m = Overlap.Measure(a.Labels.Data, phantom.Truth);
        output.WriteLine($"touching: lung Dice {m.LungDice:0.0000}, right {m.RightDice:0.0000}, left {m.LeftDice:0.0000}, swapped {m.SwappedVoxels}");
        Assert.True(m.RightDice >= 0.97 && m.LeftDice >= 0.97, $"right Dice {m.RightDice:0.000}, left Dice {m.LeftDice:0.000}");
        Assert.True(m.SwappedVoxels < 0.01 * m.TruthLungVoxels, $"{m.SwappedVoxels} voxels on the wrong side");
        Assert.Contains(a.Checks, c => c.Contains("junction"));
    }

    [Fact]
    public void TableIsOutsideTheBodyAndTracheaIsAirway()
    {
        var phantom = shared.Phantom;
        var a = shared.Anatomy;
        long tableInBody = 0, table = 0, airway = 0, airwayHit = 0;
        for (int i = 0; i < phantom.Truth.Length; i++)
        {
            if (phantom.Truth[i] == ChestPhantom.TruthTable) { table++; tableInBody += a.Body.Data[i]; }
            if (phantom.Truth[i] == ChestPhantom.TruthAirway) { airway++; if (a.Labels.Data[i] == RegionMap.Airways) airwayHit++; }
        }
        Assert.True(table > 0);
        Assert.Equal(0, tableInBody);
        Assert.True(airwayHit >= 0.8 * airway, $"only {airwayHit} of {airway} trachea/bronchus voxels labelled airways");
        Assert.True(a.Facts.TracheaFound);
    }

    [Fact]
    public void ZonesAreThirdsOfEachLungFromApexToBase()
    {
        var phantom = ChestPhantom.Create(PhantomLayout.HeadFirstSlices);
        var a = AnatomyAnalyzer.Analyze(phantom.Ct, threads: 2);
        var g = a.Labels.Geometry;
        var sumZ = new double[RegionMap.Count];
        var count = new long[RegionMap.Count];
        for (int k = 0; k < g.SizeZ; k++)
        {
            double z = g.IndexToLps(0, 0, k).Z;
            foreach (byte l in a.Labels.Slice(k)) { sumZ[l] += z; count[l]++; }
        }
        double Mean(byte l) => sumZ[l] / count[l];
        Assert.True(Mean(RegionMap.RightLungUpper) > Mean(RegionMap.RightLungMiddle) && Mean(RegionMap.RightLungMiddle) > Mean(RegionMap.RightLungLower));
        Assert.True(Mean(RegionMap.LeftLungUpper) > Mean(RegionMap.LeftLungMiddle) && Mean(RegionMap.LeftLungMiddle) > Mean(RegionMap.LeftLungLower));
        // Thirds of the height of an ellipsoid: the middle third holds the most volume, the outer thirds about equal.
        Assert.InRange(count[RegionMap.RightLungUpper] / (double)count[RegionMap.RightLungLower], 0.8, 1.25);
        Assert.True(count[RegionMap.RightLungMiddle] > count[RegionMap.RightLungUpper]);
    }

    [Fact]
    public void MediastinumAndHeartLieBetweenTheLungs()
    {
        var phantom = shared.Phantom;
        var a = shared.Anatomy;
        var g = a.Labels.Geometry;
        // The heart blob is centred at LPS (0, -15, -25) mm.
        var centre = g.LpsToIndex(new Imaging.Geometry.Vec3(0, -15, -25));
        byte l = a.Labels[(int)Math.Round(centre.X), (int)Math.Round(centre.Y), (int)Math.Round(centre.Z)];
        Assert.True(l == RegionMap.Heart || l == RegionMap.Mediastinum, $"heart centre labelled {RegionMap.Name(l)}");
        Assert.True(a.Facts.HeartMl > 20, $"heart estimate {a.Facts.HeartMl:0} ml");
        Assert.True(a.Facts.MediastinumHeightMm >= 40, $"mediastinum seen over {a.Facts.MediastinumHeightMm:0} mm");
    }

    [Fact]
    public void GasUnderTheDiaphragmAtTheLastSliceIsNotLungAndTheStudyIsAccepted()
    {
        var phantom = ChestPhantom.Create(gasUnderDiaphragm: true);
        var a = AnatomyAnalyzer.Analyze(phantom.Ct, threads: 2);
        output.WriteLine(string.Join(" | ", a.Checks));
        var m = Overlap.Measure(a.Labels.Data, phantom.Truth);
        Assert.True(m.LungDice >= 0.97, $"lung Dice {m.LungDice:0.000}: gas under the bases taken for lung?");
        // No lung voxel in the last slices, where only the gas pockets are.
        var g = a.Labels.Geometry;
        int bottom = g.AxisZ.Z > 0 ? 0 : g.SizeZ - 1;
        Assert.DoesNotContain(a.Labels.Slice(bottom).ToArray(), l => RegionMap.IsLung(l));
        long gas = 0, gasAsLung = 0;
        for (int i = 0; i < phantom.Truth.Length; i++)
        {
            if (phantom.Truth[i] != ChestPhantom.TruthGas) continue;
            gas++;
            if (RegionMap.IsLung(a.Labels.Data[i])) gasAsLung++;
        }
        Assert.True(gas > 20_000, $"phantom gas pockets {gas} voxels");
        Assert.Equal(0, gasAsLung);
        var under = SubDiaphragmaticLung.Of(phantom.Ct.Hu, a.Labels);
        output.WriteLine($"lung under the diaphragm {under.Ml:0.00} ml, organ level right {under.RightLevelMm:0} mm, left {under.LeftLevelMm:0} mm from the top");
        Assert.Equal(0, under.Ml);
        ChestGate.Check(a);
        Assert.Empty(a.Warnings);
    }

    /// <summary>
    /// The corpus assertion "no lung under the diaphragm" rests on <see cref="SubDiaphragmaticLung"/>; it must see gas under a
    /// dome when it is labelled lung. The phantom's truth labels with its stomach and colon gas called left lower lung.
    /// </summary>
    [Fact]
    public void SubDiaphragmaticMeasureFindsGasPocketsLabelledAsLung()
    {
        var phantom = ChestPhantom.Create(gasUnderDiaphragm: true);
        var labels = new Volume<byte>(phantom.Ct.Geometry);
        long gas = 0;
        for (int i = 0; i < phantom.Truth.Length; i++)
        {
            labels.Data[i] = phantom.Truth[i] switch
            {
                ChestPhantom.TruthRight => RegionMap.RightLungLower,
                ChestPhantom.TruthLeft or ChestPhantom.TruthGas => RegionMap.LeftLungLower,
                ChestPhantom.TruthAirway => RegionMap.Airways,
                ChestPhantom.TruthTable => RegionMap.Outside,
                _ => phantom.Ct.Hu.Data[i] > -500 ? RegionMap.Other : RegionMap.Outside,
            };
            if (phantom.Truth[i] == ChestPhantom.TruthGas) gas++;
        }
        var m = SubDiaphragmaticLung.Of(phantom.Ct.Hu, labels);
        double gasMl = gas * phantom.Ct.Geometry.VoxelVolumeMm3 / 1000;
        output.WriteLine($"gas {gasMl:0} ml, measured under the diaphragm {m.Ml:0} ml, levels {m.RightLevel} {m.LeftLevel}");
        Assert.InRange(m.Ml, 0.9 * gasMl, 1.05 * gasMl);

        // The truth without the gas pockets has none.
        for (int i = 0; i < phantom.Truth.Length; i++) if (phantom.Truth[i] == ChestPhantom.TruthGas) labels.Data[i] = RegionMap.Other;
        Assert.Equal(0, SubDiaphragmaticLung.Of(phantom.Ct.Hu, labels).Ml);
    }

    [Fact]
    public void BodyWithoutLungsIsRejectedAsNotChest()
    {
        var phantom = ChestPhantom.Create(withLungs: false);
        var a = AnatomyAnalyzer.Analyze(phantom.Ct, threads: 2);
        var e = Assert.Throws<ScreenerException>(() => ChestGate.Check(a));
        Assert.Equal(RejectionCode.NotChest, e.Code);
        Assert.Contains("no lungs", e.Message);
        Assert.Equal(0, a.LeftLungMl + a.RightLungMl);
    }

    [Fact]
    public void SummaryCarriesVolumesAndChecks()
    {
        var phantom = shared.Phantom;
        var a = shared.Anatomy;
        var s = a.ToSummary();
        Assert.Equal(a.LeftLungMl, s.LungVolumeMl.Left);
        Assert.Equal(a.RightLungMl, s.LungVolumeMl.Right);
        // Truth volume of each lung ellipsoid minus heart overlap is about 0.53 l.
        Assert.InRange(s.LungVolumeMl.Left, 400, 600);
        Assert.InRange(s.LungVolumeMl.Right, 400, 600);
        Assert.Contains("chest gate: passed", s.Checks);
    }
}
