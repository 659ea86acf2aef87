using ChestScreener.Model.Calibration;

namespace ChestScreener.Model.Tests.Calibration;

public class RegionScoresTests
{
    private const int N = 20;
    private static readonly ScoreCalibration Cal = new()
    {
        NllMedian = 0, NllAtThreshold = 10, Scale = 2, ScoreAtThreshold = 0.7,
        Growth = new GrowthCalibration { SmoothingMm = 3, NllMedian = 0, NllAtThreshold = 5, Scale = 1 },
    };

    private static int I(int x, int y, int z) => (z * N + y) * N + x;

    // Two blobs on a 20^3 grid: A (centre 5,5,5) whose strongly smoothed map peaks above t at its centre only, and B
    // (centre 14,14,14) that is just as unusual on the lightly smoothed map but never above t on the strong one.
    private static (float[] High, float[] Low) TwoBlobs()
    {
        var high = new float[N * N * N];
        var low = new float[N * N * N];
        for (int z = 0; z < N; z++)
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                {
                    int i = I(x, y, z);
                    double da = Math.Sqrt((x - 5) * (x - 5) + (y - 5) * (y - 5) + (z - 5) * (z - 5));
                    double db = Math.Sqrt((x - 14) * (x - 14) + (y - 14) * (y - 14) + (z - 14) * (z - 14));
                    high[i] = (float)(da <= 1 ? 12 : 2);
                    low[i] = (float)(da <= 3 || db <= 3 ? 8 : 1);
                }
        return (high, low);
    }

    [Fact]
    public void AFlaggedRegionGrowsOverItsConnectedUnusualVoxelsAndNothingElse()
    {
        var (high, low) = TwoBlobs();
        var score = RegionScores.Score(high, low, Cal, N, N, N);
        int blobA = 0, flagged = 0;
        for (int z = 0; z < N; z++)
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                {
                    int i = I(x, y, z);
                    bool inA = low[i] > 5 && Math.Abs(x - 5) <= 3 && Math.Abs(y - 5) <= 3 && Math.Abs(z - 5) <= 3;
                    if (inA) blobA++;
                    if (score[i] > 0.7f) flagged++;
                    if (inA) Assert.True(score[i] > 0.7f, $"blob A voxel ({x},{y},{z}) scored {score[i]}");
                    else Assert.True(score[i] <= 0.7f, $"voxel ({x},{y},{z}) outside blob A scored {score[i]}");
                }
        Assert.Equal(blobA, flagged);
        Assert.True(blobA > 100, $"blob A has {blobA} voxels"); // radius 3: 123 voxels, against 7 above t alone
        // A seed voxel takes the larger of its two scores; a grown voxel scores through the growth mapping of its low NLL.
        Assert.Equal(Math.Max(Cal.Map(12), Cal.Growth!.Map(8, 0.7)), score[I(5, 5, 5)], 5);
        Assert.Equal(Cal.Growth!.Map(8, 0.7), score[I(5, 5, 8)], 5);
    }

    [Fact]
    public void WithoutGrowthTheScoreIsTheCalibratedStrongMap()
    {
        var (high, low) = TwoBlobs();
        high[I(0, 0, 0)] = float.NaN;
        var noGrowth = Cal with { Growth = null };
        var score = RegionScores.Score(high, low, noGrowth, N, N, N);
        Assert.Equal(0f, score[I(0, 0, 0)]);
        for (int i = 1; i < score.Length; i++) Assert.Equal(noGrowth.Map(high[i]), score[i]);
        Assert.Equal(7, score.Count(s => s > 0.7f));
    }

    [Fact]
    public void UnscoredVoxelsNeitherScoreNorConnectRegions()
    {
        var (high, low) = TwoBlobs();
        // A bridge of unusual voxels from A to B, cut by one unscored (NaN) plane: B must stay unflagged.
        for (int k = 5; k <= 14; k++) { low[I(k, 5, 5)] = 8; low[I(14, k, 5)] = 8; low[I(14, 14, k)] = 8; }
        var bridged = RegionScores.Score(high, low, Cal, N, N, N);
        Assert.True(bridged[I(14, 14, 14)] > 0.7f);
        for (int y = 0; y < N; y++)
            for (int x = 0; x < N; x++) { high[I(x, y, 10)] = float.NaN; low[I(x, y, 10)] = float.NaN; }
        var cut = RegionScores.Score(high, low, Cal, N, N, N);
        Assert.True(cut[I(14, 14, 14)] <= 0.7f);
        Assert.Equal(0f, cut[I(3, 3, 10)]);
        Assert.True(cut[I(5, 5, 7)] > 0.7f);
    }

    [Fact]
    public void BelowTheMedianScoresKeepTheirRankingWhenNllAtZeroIsSet()
    {
        var old = new ScoreCalibration { NllMedian = 0, NllAtThreshold = 10, Scale = 2 };
        var now = old with { NllAtZero = -10 };
        Assert.Equal(0f, old.Map(-5)); // 1.1.0: the lower half of normal voxels all score 0
        Assert.Equal(0.35f, old.Map(5), 5);
        Assert.Equal(0.025f, now.Map(-5), 5); // half way from -10 to the median: half of ScoreAtMedian
        Assert.Equal(0.375f, now.Map(5), 5); // half way from the median to t: 0.05 + 0.65 / 2
        Assert.Equal(0f, now.Map(-12));
        Assert.Equal((float)ScoreCalibration.ScoreAtMedian, now.Map(0), 6);
        Assert.Equal(0.7f, now.Map(10), 6);
        Assert.Equal(old.Map(13), now.Map(13)); // above the threshold nothing changes
        Assert.True(now.Map(-9) < now.Map(-8));
    }
}
