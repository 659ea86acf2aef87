using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Options;

/// <summary>
/// Checks on start, whatever the configuration route (command line, appsettings, Screener__* variables), what data
/// annotations cannot: a registered processor, a known store and a writable data folder.
/// </summary>
public sealed class ServerOptionsValidator(IEnumerable<IJobStoreFactory> stores, IEnumerable<IStudyProcessorFactory> processors) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var kinds = processors.Select(p => p.Name).ToArray();
        if (!kinds.Contains(options.Processor))
            return ValidateOptionsResult.Fail($"Screener:Processor '{options.Processor}' is not available in this host; use one of: {string.Join(", ", kinds)}");
        var known = stores.Select(s => s.Name).ToArray();
        if (!known.Contains(options.Store))
            return ValidateOptionsResult.Fail($"Screener:Store '{options.Store}' is not available; use one of: {string.Join(", ", known)}");
        try
        {
            Directory.CreateDirectory(options.DataDir);
            var probe = Path.Combine(options.DataDir, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"Screener:DataDir '{options.DataDir}' is not writable: {e.Message}");
        }
        return ValidateOptionsResult.Success;
    }
}
