using ChestScreener.Model;
using ChestScreener.Pipeline.Decision;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Tests.Decision;

public class StudyDecisionTests
{
    private static readonly DecisionThresholds Thresholds = new() { VolumeLimitMm3 = 1800, ProbabilityScaleMm3 = 600 };

    [Fact]
    public void Probability_is_one_half_at_the_limit_and_verdict_flips_just_above_it()
    {
        Assert.Equal(0.5, StudyDecision.Decide(1800, Thresholds).Probability, 12);
        Assert.Equal(Verdict.Normal, StudyDecision.Decide(1800, Thresholds).Verdict);
        Assert.Equal(Verdict.Pathology, StudyDecision.Decide(1800.1, Thresholds).Verdict);
    }

    [Fact]
    public void Probability_is_the_documented_logistic_and_monotone()
    {
        // One scale above the limit: 1 / (1 + e^-1).
        Assert.Equal(1 / (1 + Math.Exp(-1)), StudyDecision.Decide(2400, Thresholds).Probability, 12);
        Assert.Equal(1 / (1 + Math.Exp(3)), StudyDecision.Decide(0, Thresholds).Probability, 12);
        double previous = -1;
        for (double v = 0; v <= 10000; v += 37)
        {
            var d = StudyDecision.Decide(v, Thresholds);
            Assert.True(d.Probability > previous);
            Assert.Equal(d.Probability > 0.5, d.IsPathology);
            previous = d.Probability;
        }
    }

    [Fact]
    public void Limit_comes_from_the_thresholds_not_a_literal()
    {
        var strict = Thresholds with { VolumeLimitMm3 = 100 };
        Assert.Equal(Verdict.Pathology, StudyDecision.Decide(150, strict).Verdict);
        Assert.Equal(Verdict.Normal, StudyDecision.Decide(150, Thresholds).Verdict);
    }
}
