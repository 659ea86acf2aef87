using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Processing;

/// <summary>The "pipeline" processor: the real analysis (<see cref="PipelineStudyProcessor"/>), the default.</summary>
public sealed class PipelineProcessorFactory : IStudyProcessorFactory
{
    public const string ProcessorName = "pipeline";

    public string Name => ProcessorName;

    public IStudyProcessor Create(IServiceProvider services) =>
        new PipelineStudyProcessor(services.GetRequiredService<IOptions<ServerOptions>>().Value, services.GetRequiredService<ServerTempFolder>().Path);
}
