using ChestScreener.Server.Processing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChestScreener.Server.Testing;

/// <summary>Makes "fake" a processor name the server accepts (Screener:Processor=fake): for test hosts and `screener serve --processor fake` only.</summary>
public static class FakeProcessorServices
{
    public static IServiceCollection AddFakeProcessor(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStudyProcessorFactory, FakeProcessorFactory>());
        return services;
    }
}

/// <summary>The "fake" processor: <see cref="FakeStudyProcessor"/>, synthetic results in about a second.</summary>
public sealed class FakeProcessorFactory : IStudyProcessorFactory
{
    public const string ProcessorName = "fake";

    public string Name => ProcessorName;

    public IStudyProcessor Create(IServiceProvider services) => new FakeStudyProcessor();
}
