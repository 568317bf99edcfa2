using LibraryTraining.Local.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// The app's real orchestrators and activities on the in-memory Durable Task test host, with real
/// storage on Azurite and the outbox mail sender. Fast, for workflow behaviour.
/// </summary>
public sealed class InMemoryDurable : IAsyncDisposable
{
    readonly DurableTaskTestHost host;

    InMemoryDurable(DurableTaskTestHost host) => this.host = host;

    public DurableTaskClient Client => this.host.Client;

    public IServiceProvider Services => this.host.Services;

    public T Get<T>() where T : notnull => this.Services.GetRequiredService<T>();

    public static async Task<InMemoryDurable> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var configuration = TestSettings.Configuration(await SharedAzurite.ConnectionStringAsync());
        var functions = FunctionCatalog.Discover();
        var host = await DurableTaskTestHost.StartAsync(
            registry => DurableFunctions.Register(registry, functions),
            new DurableTaskTestHostOptions
            {
                Port = LibraryTraining.Local.Storage.Azurite.FreePort(),
                ConfigureServices = services =>
                {
                    services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
                    services.AddSingleton(configuration);
                    services.AddLibraryTraining(configuration);
                    configure?.Invoke(services);
                },
            });
        return new InMemoryDurable(host);
    }

    public ValueTask DisposeAsync() => this.host.DisposeAsync();
}
