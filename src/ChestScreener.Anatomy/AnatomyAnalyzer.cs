using ChestScreener.Imaging;

namespace ChestScreener.Anatomy;

/// <summary>Classical (weight-free) segmentation of body, lungs, airways, mediastinum/heart, chest wall and lung zones.</summary>
public static class AnatomyAnalyzer
{
    public static AnatomyResult Analyze(CtVolume ct, int threads = 0) =>
        throw new NotImplementedException("AnatomyAnalyzer.Analyze is being written (issue 3)");
}
