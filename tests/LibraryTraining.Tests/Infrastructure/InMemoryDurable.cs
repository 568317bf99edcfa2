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

    /// <param name="beforeResult">
    /// Awaited after each activity has done its work and before its result is handed back, with the
    /// activity's name and input: a test holds an activity there to make something happen while it runs
    /// (after it read what it read).
    /// </param>
    public static async Task<InMemoryDurable> StartAsync(Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null,
        Func<string, object?, Task>? beforeResult = null)
    {
        var values = TestSettings.For(await SharedAzurite.ConnectionStringAsync(), "tests");
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var functions = FunctionCatalog.Discover();
        var host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                if (beforeResult is null)
                {
                    DurableFunctions.Register(registry, functions);
                    return;
                }
                DurableFunctions.Register(registry, functions.Where(f => f.Trigger != TriggerKind.Activity).ToList());
                foreach (var activity in functions.Where(f => f.Trigger == TriggerKind.Activity))
                {
                    registry.AddActivity(activity.Name, services => new HeldActivity(activity, services, beforeResult));
                }
            },
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

    /// <summary>An app activity, run as the worker runs it, with the test's hook before its result goes back.</summary>
    sealed class HeldActivity(FunctionEntry function, IServiceProvider services, Func<string, object?, Task> beforeResult) : Microsoft.DurableTask.ITaskActivity
    {
        public Type InputType { get; } = function.TriggerParameter!.ParameterType;

        public Type OutputType { get; } = function.Method.ReturnType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(Task<>)
            ? type.GetGenericArguments()[0] : typeof(object);

        public async Task<object?> RunAsync(Microsoft.DurableTask.TaskActivityContext context, object? input)
        {
            var result = await FunctionInvoker.InvokeAsync(function, services, new FunctionInvoker.Bindings(input));
            await beforeResult(function.Name, input);
            return result;
        }
    }
}
