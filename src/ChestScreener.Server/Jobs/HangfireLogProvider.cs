using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (a static), and AddHangfire points it at the logger factory of the host that
/// resolved its configuration last. A process that runs hosts one after another or side by side (the test suite; a host
/// restarted in place) then asks a disposed factory for loggers, and Hangfire throws ObjectDisposedException where it
/// creates one: its server fails to start, or an upload fails while building the job client. This provider answers
/// with a silent logger once its factory is gone instead. With one host per process, as `screener serve` runs, it
/// logs exactly as Hangfire's own <see cref="AspNetCoreLogProvider"/>.
/// </summary>
public sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new Guarded(_inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    // A logger made before its factory was disposed may be called after it.
    private sealed class Guarded(ILog inner) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
