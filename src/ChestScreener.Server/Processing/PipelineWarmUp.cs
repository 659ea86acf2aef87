using System.Diagnostics;

namespace ChestScreener.Server.Processing;

/// <summary>
/// At start-up, in the background, loads the analysis model once per worker (PipelineStudyProcessor.WarmUp), so that the
/// first study after a (re)start costs what every later one costs instead of also paying model load and ONNX session
/// creation. A model that fails to load is logged here and reported again by the first study (status failed); start-up
/// itself never waits for it or fails because of it.
/// </summary>
internal sealed class PipelineWarmUp(IStudyProcessor processor, Microsoft.Extensions.Options.IOptions<Options.ServerOptions> options, ILogger<PipelineWarmUp> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (processor is not PipelineStudyProcessor pipelines) return Task.CompletedTask;
        int workers = Math.Max(1, options.Value.WorkerCount);
        return Task.Run(() =>
        {
            var sw = Stopwatch.StartNew();
            try
            {
                pipelines.WarmUp(workers);
                log.LogInformation("Analysis model loaded for {Workers} worker(s) in {Seconds:0.0} s", workers, sw.Elapsed.TotalSeconds);
            }
            catch (Exception e)
            {
                log.LogWarning("The analysis model could not be loaded at start-up (studies will fail until it can): {Message}", e.Message);
            }
        }, stoppingToken);
    }
}
