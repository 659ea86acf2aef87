using ChestScreener.Imaging;

namespace ChestScreener.Anatomy.TotalSegmentator;

/// <summary>Runs an installed TotalSegmentator (--fast --ml) and merges its lobes, trachea, heart, aorta, oesophagus and ribs into the anatomy.</summary>
public static class TotalSegmentatorAdapter
{
    /// <summary>Environment variable naming the executable; unset = classical segmentation only.</summary>
    public const string EnvironmentVariable = "CHESTSCREENER_TOTALSEGMENTATOR";

    public static AnatomyResult Analyze(CtVolume ct, TotalSegmentatorOptions options, int threads = 0) =>
        throw new NotImplementedException();
}
