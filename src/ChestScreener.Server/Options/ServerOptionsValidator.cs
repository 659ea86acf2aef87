using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Options;

/// <summary>Checks on start what data annotations cannot: a known store and a writable data folder.</summary>
public sealed class ServerOptionsValidator(IEnumerable<IJobStoreFactory> stores) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
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
