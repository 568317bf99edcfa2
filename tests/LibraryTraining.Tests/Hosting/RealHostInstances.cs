using LibraryTraining.Configuration;
using LibraryTraining.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// Several instances of the published app under the real Functions host, on ONE storage account (the
/// tests' shared Azurite) and ONE task hub, each with the app settings in its environment as Azure sets
/// them: what Flex Consumption does when it scales out. Instances can be stopped, killed and started
/// afresh; every process is ended on dispose, and the tail of each one's output goes to the test's log.
/// </summary>
public sealed class RealHostInstances : IAsyncDisposable
{
    /// <summary>The function key the host accepts on every Function-level route: the organiser's key.</summary>
    public const string OrganiserKey = "real-host-organiser-key";

    readonly string app;
    readonly string dataFolder;
    readonly ITestOutputHelper? log;
    readonly List<RealHostInstance> all = [];

    RealHostInstances(string app, string storage, string taskHub, ITestOutputHelper? log)
    {
        this.app = app;
        this.Storage = storage;
        this.TaskHub = taskHub;
        this.log = log;
        this.dataFolder = Path.Combine(SharedAzurite.DataFolder, $"real-host-{taskHub}");
        this.Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AppSettings.Storage] = storage,
            [AppSettings.TaskHub] = taskHub,
            [AppSettings.LinkSecret] = TestSettings.LinkSecret,
            [AppSettings.MailMode] = "outbox",
            // Every %SETTING% a trigger names. The daily status is not under test: never during a run.
            [AppSettings.StatusSchedule] = "0 0 0 1 1 *",
            // Named by the owed-work timer that is on its way (harmless before it exists).
            ["LIBRARYTRAINING_OWED_WORK_SCHEDULE"] = "*/5 * * * * *",
            // Only warnings and errors: at Information the Azure SDK logs every storage request, which on
            // two cores costs the instances real time.
            ["Logging__LogLevel__Default"] = "Warning",
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
            // The Azure SDK logs every 404 and 409 the storage code expects as a warning.
            ["Logging__LogLevel__Azure"] = "Error",
            ["AzureFunctionsJobHost__logging__logLevel__Azure"] = "Error",
        };
    }

    public string Storage { get; }
    public string TaskHub { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Every instance started so far, stopped ones included, in the order they were made.</summary>
    public IReadOnlyList<RealHostInstance> All => this.all;

    public RealHostInstance this[int index] => this.all[index];

    /// <summary>Publishes the app (once per test run) and starts <paramref name="count"/> instances side by side.</summary>
    public static async Task<RealHostInstances> StartAsync(int count, string taskHubPrefix, ITestOutputHelper? log = null)
    {
        var app = await PublishedApp.GetAsync();
        var storage = await SharedAzurite.ConnectionStringAsync();
        var hosts = new RealHostInstances(app, storage, TestSettings.NewTaskHub(taskHubPrefix), log);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => hosts.StartNewAsync()));
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
        return hosts;
    }

    /// <summary>A fresh instance on the same storage and task hub, as a scale-out or a replacement gets.</summary>
    public async Task<RealHostInstance> StartNewAsync()
    {
        RealHostInstance instance;
        lock (this.all)
        {
            instance = new RealHostInstance($"host{this.all.Count + 1}", this.app, this.Settings, this.dataFolder);
            this.all.Add(instance);
        }
        await instance.StartAsync();
        return instance;
    }

    /// <summary>The last lines of every instance's output, for a failure message.</summary>
    public string Tails(int lines = 40) => string.Join("\n", this.all.Select(i => i.Tail(lines)));

    public async ValueTask DisposeAsync()
    {
        // Killed, not stopped: a failed test should not wait for graceful shutdowns.
        await Task.WhenAll(this.all.Select(i => i.DisposeAsync().AsTask()));
        if (this.log is not null)
        {
            foreach (var instance in this.all)
            {
                this.log.WriteLine($"--- last output of {instance.Name} (port {instance.Port}, started in {instance.LastStart.TotalSeconds:F1} s):");
                this.log.WriteLine(instance.Tail(80));
            }
        }
    }
}
