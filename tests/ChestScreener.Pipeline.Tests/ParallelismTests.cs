using ChestScreener.Imaging.Geometry;
using ChestScreener.Model;
using ChestScreener.Pipeline.Tests.Fakes;
using ChestScreener.Results;
using ChestScreener.Tests;

namespace ChestScreener.Pipeline.Tests;

/// <summary>One thread setting, one meaning of 0 (all cores), and every stage receives the resolved count.</summary>
public class ParallelismTests
{
    private static readonly int Cores = Environment.ProcessorCount;

    [Theory]
    [InlineData(0, -1)]
    [InlineData(-3, -1)]
    [InlineData(1, 1)]
    [InlineData(5, 5)]
    public void Zero_or_less_means_all_cores_and_a_positive_count_is_kept(int requested, int expected)
    {
        Assert.Equal(expected < 0 ? Cores : expected, Parallelism.Resolve(requested));
        Assert.Equal(expected < 0 ? Cores : expected, Parallelism.Options(requested).MaxDegreeOfParallelism);
    }

    [Fact]
    public void Concurrent_analyses_share_the_cores_unless_a_count_is_set()
    {
        Assert.Equal(Cores, Parallelism.PerAnalysis(0, 1));
        Assert.Equal(Math.Max(1, Cores / 2), Parallelism.PerAnalysis(0, 2));
        Assert.Equal(1, Parallelism.PerAnalysis(0, Cores * 4));
        Assert.Equal(3, Parallelism.PerAnalysis(3, 8));
    }

    [Fact]
    public void A_pipeline_asked_for_zero_threads_gives_every_stage_all_cores()
    {
        var grid = VolumeGeometry.Axial(24, 20, 16, new Vec3(2, 2, 2), new Vec3(0, 0, 0));
        var anatomy = new FakeAnatomy(ct => Synthetic.Anatomy(ct.Geometry));
        using var pipeline = new StudyPipeline(new FakeSource(_ => Synthetic.Ct(grid)), anatomy,
            new FakeAnomaly(ct => ct.Hu.Like<float>()), new PipelineOptions { Threads = 0 });

        var run = pipeline.Run("zero-threads", ["a.dcm"]);

        Assert.Equal(ResultStatus.Ok, run.Result.Status);
        Assert.Equal(Cores, pipeline.Options.Threads);
        Assert.Equal([Cores], anatomy.Threads);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void The_model_stage_and_its_onnx_session_get_the_resolved_count(int requested)
    {
        var package = ModelPackage.Load(Path.Combine(TestData.RepoRoot, "models", ModelPackage.DefaultName));
        using var scorer = new AnomalyScorer(package, requested);

        Assert.Equal(Parallelism.Resolve(requested), scorer.Threads);
        Assert.Equal(Parallelism.Resolve(requested), scorer.DescriptorThreads);
    }
}
