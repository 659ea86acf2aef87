using ChestScreener.Model.Calibration;
using ChestScreener.Model.Inference;

namespace ChestScreener.Model.Tests.Inference;

public class SlidingWindowTests
{
    [Theory]
    [InlineData(134, 64, 0.25)]
    [InlineData(64, 64, 0.5)]
    [InlineData(30, 64, 0.5)]
    [InlineData(200, 40, 0.5)]
    public void StepsCoverTheAxisWithTheRequestedOverlap(int size, int window, double overlap)
    {
        var steps = SlidingWindow.Steps(size, window, overlap);
        Assert.Equal(0, steps[0]);
        Assert.Equal(Math.Max(0, size - window), steps[^1]);
        for (int i = 1; i < steps.Length; i++)
        {
            Assert.True(steps[i] > steps[i - 1]);
            Assert.True(steps[i] - steps[i - 1] <= window * (1 - overlap) + 1e-9, "gap larger than the stride");
        }
    }

    [Fact]
    public void GaussianWeightPeaksAtTheCentreAndIsSymmetric()
    {
        const int n = 9;
        var w = SlidingWindow.GaussianWeight(n, 0.125);
        Assert.Equal(1f, w[(4 * n + 4) * n + 4], 5);
        Assert.Equal(w[(4 * n + 4) * n + 0], w[(4 * n + 4) * n + 8], 6);
        Assert.Equal(w[(0 * n + 4) * n + 4], w[(8 * n + 4) * n + 4], 6);
        Assert.True(w.Min() >= 1e-3f);
    }

    [Fact]
    public void CalibrationIsMonotoneAndHitsTheThreshold()
    {
        var c = new ScoreCalibration { NllMedian = 0, NllAtThreshold = 10, Scale = 2, ScoreAtThreshold = 0.7 };
        Assert.Equal(0f, c.Map(-5));
        Assert.Equal(0.7f, c.Map(10), 5);
        float prev = -1;
        for (double v = -5; v < 60; v += 0.5)
        {
            float s = c.Map(v);
            Assert.True(s >= prev && s <= 1);
            prev = s;
        }
        Assert.True(c.Map(100) > 0.99f);
    }
}
