using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Fitting;

/// <summary>The run folder's descriptor cache: computed once, read back bit for bit, recomputed when its length does not fit.</summary>
public sealed class DescriptorCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("desc-cache").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Descriptors_are_computed_once_and_read_back_exactly()
    {
        var path = DescriptorCache.PathFor(_dir, 120, "lidc");
        Assert.Equal(Path.Combine(_dir, "descriptors-120-lidc.f32"), path);
        int calls = 0;
        float[] Compute() { calls++; return [1.5f, -2.25f, float.Epsilon, 3e7f]; }
        var first = DescriptorCache.LoadOrCompute(path, 4, Compute);
        var second = DescriptorCache.LoadOrCompute(path, 4, Compute);
        Assert.Equal(1, calls);
        Assert.Equal(first, second);
        Assert.Equal(16, new FileInfo(path).Length);
    }

    [Fact]
    public void A_cache_of_another_length_is_recomputed_and_replaced()
    {
        var path = DescriptorCache.PathFor(_dir, 1, "s");
        DescriptorCache.LoadOrCompute(path, 2, () => [1f, 2f]);
        var again = DescriptorCache.LoadOrCompute(path, 3, () => [7f, 8f, 9f]);
        Assert.Equal(new[] { 7f, 8f, 9f }, again);
        Assert.Equal(12, new FileInfo(path).Length);
        Assert.Throws<InvalidOperationException>(() => DescriptorCache.LoadOrCompute(DescriptorCache.PathFor(_dir, 2, "s"), 5, () => [1f]));
    }

    [Fact]
    public void A_run_folder_without_its_files_is_named_in_the_error()
    {
        var e = Assert.Throws<ArgumentException>(() => FitInputs.Load(_dir));
        Assert.Contains("options.json", e.Message);
        Assert.Contains("--run", e.Message);
    }
}
