namespace ChestScreener.Server.Processing;

/// <summary>
/// A processor the server can run, by its Screener:Processor name. The server registers "pipeline"; a test or demo host
/// adds others (ChestScreener.Server.Testing adds "fake"), and the options validator accepts only registered names.
/// </summary>
public interface IStudyProcessorFactory
{
    string Name { get; }

    IStudyProcessor Create(IServiceProvider services);
}
