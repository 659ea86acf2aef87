using ChestScreener.Model;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Decision;

/// <summary>
/// The study-level call from the anomalous volume V (mm3): pathology when V exceeds the model's limit L, and a
/// probability from a logistic calibration p = 1 / (1 + exp(-(V - L) / S)) with S = ProbabilityScaleMm3. It is monotone
/// in V and exactly 0.5 at the limit, so the verdict and the probability never disagree (p &gt; 0.5 iff pathology, up to rounding at exactly the limit).
/// </summary>
public sealed record StudyDecision(Verdict Verdict, double Probability, double AnomalousVolumeMm3)
{
    public bool IsPathology => Verdict == Verdict.Pathology;

    public static StudyDecision Decide(double anomalousVolumeMm3, DecisionThresholds thresholds)
    {
        if (!(thresholds.ProbabilityScaleMm3 > 0)) throw new ArgumentOutOfRangeException(nameof(thresholds), "ProbabilityScaleMm3 must be positive");
        double v = Math.Max(0, anomalousVolumeMm3);
        double p = 1.0 / (1.0 + Math.Exp(-(v - thresholds.VolumeLimitMm3) / thresholds.ProbabilityScaleMm3));
        return new StudyDecision(v > thresholds.VolumeLimitMm3 ? Verdict.Pathology : Verdict.Normal, p, v);
    }
}
