using LibraryTraining.Local.Durable;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Messaging;
using LibraryTraining.Tests.Infrastructure;
using LibraryTraining.Tests.Workflow.Previous;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Tests.Workflow;

/// <summary>
/// An instance started by the previous release's orchestrator, on the Azure Storage provider, is
/// finished by the current code after a deployment (the worker swapped on the same task hub).
/// </summary>
public sealed class OrchestrationVersionTests
{
    [Fact]
    public async Task InstanceStartedOnThePreviousVersion_CompletesOnTheCurrentCode()
    {
        var storage = await SharedAzurite.ConnectionStringAsync();
        using var logs = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Warning));
        await using var backend = await DurableBackend.StartAsync(storage, TestSettings.NewTaskHub("version"), logs, default);
        var functions = FunctionCatalog.Discover();
        var previous = FunctionCatalog.Discover(typeof(ProgrammeOrchestrationV1).Assembly).Single(f => f.Method.DeclaringType == typeof(ProgrammeOrchestrationV1));

        string programmeId;
        using (var old = await StartWorkerAsync(storage, backend, registry =>
        {
            DurableFunctions.Register(registry, functions.Where(f => f.Trigger == TriggerKind.Activity).ToList());
            DurableFunctions.Register(registry, [previous]);
        }))
        {
            // Started as the previous release started it: with its version in the input.
            var valid = ProgrammeValidator.Validate(
                SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(8), TimeSpan.FromDays(6), clockSpeed: 30_000),
                "version" + Guid.NewGuid().ToString("N")[..5], DateTimeOffset.UtcNow);
            programmeId = valid.Programme!.Id;
            await old.Services.GetRequiredService<ProgrammeStore>().CreateAsync(valid.Programme, valid.Participants, default);
            await old.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(ProgrammeRun.Orchestrator,
                new ProgrammeRun(programmeId, [], Version: 1), new StartOrchestrationOptions(ProgrammeRun.InstanceId(programmeId)));
            await WaitAsync(old, programmeId, "enrolling");
            await old.StopAsync();
        }

        using var current = await StartWorkerAsync(storage, backend, registry => DurableFunctions.Register(registry, functions));
        var client = current.Services.GetRequiredService<DurableTaskClient>();
        var done = await client.WaitForInstanceCompletionAsync(ProgrammeRun.InstanceId(programmeId), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("completed", done.ReadOutputAs<string>());
        var mails = await current.Services.GetRequiredService<OutboxMailSender>().ReadAsync(programmeId, default);
        Assert.Equal(22, mails.Count(m => m.Kind == "invitation"));
        Assert.Equal(44, mails.Count(m => m.Kind == "reminder"));
    }

    static async Task<IHost> StartWorkerAsync(string storage, DurableBackend backend, Action<DurableTaskRegistry> register)
    {
        var configuration = TestSettings.Configuration(storage);
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress(backend.Address);
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(services =>
            {
                services.AddLibraryTraining(configuration);
                services.AddDurableTaskClient(c => c.UseGrpc(channel));
                services.AddDurableTaskWorker(w =>
                {
                    w.UseGrpc(channel);
                    w.AddTasks(register);
                });
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    static async Task WaitAsync(IHost host, string programmeId, string phase)
    {
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        await Poll.UntilAsync(() => client.GetInstanceAsync(ProgrammeRun.InstanceId(programmeId), getInputsAndOutputs: true),
            instance => instance?.ReadCustomStatusAs<ProgrammeStatus>()?.Phase == phase, $"the programme to reach {phase}",
            describe: instance => $"phase {instance?.ReadCustomStatusAs<ProgrammeStatus>()?.Phase ?? "none"}");
    }
}
