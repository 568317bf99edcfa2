using LibraryTraining.Local.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
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

    public static async Task<InMemoryDurable> StartAsync(Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = TestSettings.For(await SharedAzurite.ConnectionStringAsync(), "tests");
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var functions = FunctionCatalog.Discover();
        var host = await DurableTaskTestHost.StartAsync(
            registry => DurableFunctions.Register(registry, functions),
            new DurableTaskTestHostOptions
            {
                Port = LibraryTraining.Local.Storage.Azurite.FreePort(),
                ConfigureServices = services =>
                {
                    services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddLibraryTraining(configuration);
                    configure?.Invoke(services);
                },
            });
        return new InMemoryDurable(host);
    }

    public ValueTask DisposeAsync() => this.host.DisposeAsync();
}
