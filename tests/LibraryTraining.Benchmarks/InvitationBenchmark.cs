using System.Collections.Concurrent;
using System.Diagnostics;
using LibraryTraining.Configuration;
using LibraryTraining.Local;
using LibraryTraining.Local.Demo;
using LibraryTraining.Local.Durable;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Local.Storage;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Benchmarks;

/// <summary>
/// Invitations handed to the mail sender for programmes of 22, 1,000 and 10,000 participants, on the
/// in-memory Durable backend and on the Azure Storage provider on Azurite; then the whole programme
/// run on a compressed clock, its history length and Durable work items per participant.
/// The app's real orchestrator, activities and storage run; only the last hop, the mail sender,
/// records hand-offs instead of delivering.
/// </summary>
public static class InvitationBenchmark
{
    public sealed record Result(string Backend, int Participants, double SecondsToHandOverInvitations, double SecondsToComplete,
        int HistoryEvents, int OrchestratorWorkItems, int ActivityWorkItems, double WorkItemsPerParticipant, int MailsHandedOver);

    public static async Task<IReadOnlyList<Result>> RunAsync(int[] sizes, Action<string> log)
    {
        var data = Path.Combine(RepoPaths.LocalData, "benchmarks", $"invitations-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        await using var azurite = await Azurite.StartAsync(Path.Combine(data, "azurite"), Azurite.FreePort());
        var results = new List<Result>();
        foreach (var size in sizes)
        {
            foreach (var backend in new[] { "in-memory", "azure-storage-on-azurite" })
            {
                var result = await RunOneAsync(backend, size, azurite.ConnectionString);
                log($"{backend,-26} {size,6} participants: invitations handed over in {result.SecondsToHandOverInvitations:0.00} s; " +
                    $"whole run {result.SecondsToComplete:0.0} s; history {result.HistoryEvents} events; " +
                    $"work items {result.OrchestratorWorkItems} orchestrator + {result.ActivityWorkItems} activity = {result.WorkItemsPerParticipant:0.0000}/participant");
                results.Add(result);
            }
        }
        return results;
    }

    static async Task<Result> RunOneAsync(string backend, int size, string storage)
    {
        var recorder = new RecordingSender();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.Storage] = storage,
            [AppSettings.MailMode] = "outbox",
            [AppSettings.LinkSecret] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }).Build();
        void Services(IServiceCollection services)
        {
            services.AddLogging(l => l.ClearProviders().SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<IMailSender>(recorder);
            services.AddLibraryTraining(configuration);
        }
        var functions = FunctionCatalog.Discover();

        await using var resources = new Resources();
        string? taskHub = null;
        DurableTaskClient client;
        IServiceProvider provider;
        if (backend == "in-memory")
        {
            var host = await DurableTaskTestHost.StartAsync(r => DurableFunctions.Register(r, functions),
                new DurableTaskTestHostOptions { Port = Azurite.FreePort(), ConfigureServices = Services });
            resources.Add(host);
            (client, provider) = (host.Client, host.Services);
        }
        else
        {
            var logs = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning));
            resources.Add(new DisposeLater(logs));
            taskHub = $"bench{size}x{Guid.NewGuid():N}"[..20];
            var sidecar = await DurableBackend.StartAsync(storage, taskHub, logs, default);
            resources.Add(sidecar);
            var channel = Grpc.Net.Client.GrpcChannel.ForAddress(sidecar.Address);
            var host = Host.CreateDefaultBuilder().ConfigureLogging(l => l.ClearProviders()).ConfigureServices(services =>
            {
                Services(services);
                services.AddDurableTaskClient(c => c.UseGrpc(channel));
                services.AddDurableTaskWorker(w => { w.UseGrpc(channel); w.AddTasks(r => DurableFunctions.Register(r, functions)); });
            }).Build();
            await host.StartAsync();
            resources.Add(new HostResource(host));
            (client, provider) = (host.Services.GetRequiredService<DurableTaskClient>(), host.Services);
        }

        var request = DemoProgramme.SeedRequest(DateTimeOffset.UtcNow) with
        {
            ClockSpeed = 86_400, // one programme day a second
            Participants = Enumerable.Range(0, size).Select(i => new ParticipantRequest
            {
                Name = $"ผู้เข้าร่วม {i}",
                Email = $"p{i:D5}@example.org",
                Role = i % 3 == 0 ? "assistant-librarian" : "teacher-librarian",
                Site = $"ห้องสมุด {i % 12}",
                Language = i % 5 == 0 ? "en" : "th",
            }).ToList(),
        };
        var watch = Stopwatch.StartNew();
        var created = await provider.GetRequiredService<ProgrammeService>().CreateAsync(request, client, default);
        var id = created.Programme?.Id ?? throw new InvalidOperationException(string.Join("; ", created.Problems));
        await recorder.WaitForAsync(MailKind.Invitation, size, TimeSpan.FromMinutes(5));
        var handedOver = watch.Elapsed.TotalSeconds;
        var done = await client.WaitForInstanceCompletionAsync(ProgrammeRun.InstanceId(id), new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token);
        var completed = watch.Elapsed.TotalSeconds;
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The programme ended {done.RuntimeStatus}.");
        }
        // The Azure Storage provider keeps each event of the final execution as a row of {hub}History;
        // the in-memory host keeps none that can be read back, and the orchestration's code is the same.
        var events = new List<string>();
        if (taskHub is not null)
        {
            var historyTable = new Azure.Data.Tables.TableClient(storage, $"{taskHub}History");
            await foreach (var row in historyTable.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == ProgrammeRun.InstanceId(id)))
            {
                if (row.GetString("EventType") is { } type)
                {
                    events.Add(type);
                }
            }
        }
        var orchestratorItems = events.Count(e => e == "OrchestratorStarted");
        var activityItems = events.Count(e => e == "TaskScheduled");
        return new Result(backend, size, Math.Round(handedOver, 2), Math.Round(completed, 1), events.Count, orchestratorItems, activityItems,
            Math.Round((orchestratorItems + activityItems) / (double)size, 4), recorder.Count);
    }

    /// <summary>The last hop: records what would be delivered and when, so the figure is our pipeline's, not a mail server's.</summary>
    sealed class RecordingSender : IMailSender
    {
        readonly ConcurrentDictionary<MailKind, int> counts = new();

        public int Count => this.counts.Values.Sum();

        public Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
        {
            foreach (var group in batch.GroupBy(m => m.Kind))
            {
                this.counts.AddOrUpdate(group.Key, group.Count(), (_, n) => n + group.Count());
            }
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(MailKind kind, int count, TimeSpan timeout)
        {
            var until = Stopwatch.StartNew();
            while (this.counts.GetValueOrDefault(kind) < count)
            {
                if (until.Elapsed > timeout)
                {
                    throw new TimeoutException($"Only {this.counts.GetValueOrDefault(kind)} of {count} {kind} mails were handed over.");
                }
                await Task.Delay(10);
            }
        }
    }

    sealed class DisposeLater(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    sealed class HostResource(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    sealed class Resources : IAsyncDisposable
    {
        readonly Stack<IAsyncDisposable> stack = new();

        public void Add(IAsyncDisposable resource) => this.stack.Push(resource);

        public async ValueTask DisposeAsync()
        {
            while (this.stack.TryPop(out var resource))
            {
                await resource.DisposeAsync();
            }
        }
    }
}
