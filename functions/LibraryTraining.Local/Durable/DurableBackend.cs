using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LibraryTraining.Local.Storage;

namespace LibraryTraining.Local.Durable;

/// <summary>
/// The Durable Task backend of the local runner: the Durable Task Framework's Azure Storage provider
/// (the same one Durable Functions uses in Azure) on Azurite, served over gRPC on loopback by
/// <see cref="TaskHubGrpcServer"/> to a Microsoft.DurableTask worker and client.
/// </summary>
public sealed class DurableBackend : IAsyncDisposable
{
    readonly WebApplication sidecar;

    DurableBackend(WebApplication sidecar, string address)
    {
        this.sidecar = sidecar;
        this.Address = address;
    }

    public string Address { get; }

    public static async Task<DurableBackend> StartAsync(string storageConnectionString, string taskHub, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = taskHub,
            PartitionCount = 2,
            // A short lease: a runner restarted after a crash takes over its partitions in seconds, not half a minute.
            LeaseInterval = TimeSpan.FromSeconds(6),
            LeaseRenewInterval = TimeSpan.FromSeconds(2),
            LeaseAcquireInterval = TimeSpan.FromSeconds(2),
            // Locally, an idle task hub is polled every second so a new event is picked up at once.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            MaxConcurrentTaskActivityWorkItems = 32,
            MaxConcurrentTaskOrchestrationWorkItems = 32,
            LoggerFactory = loggerFactory,
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        var port = Azurite.FreePort();
        var address = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        // The dispatchers hand results back through the outage-tolerant wrapper; the client calls go straight through.
        builder.Services.AddSingleton<IOrchestrationService>(new OutageTolerantOrchestrationService(service, loggerFactory.CreateLogger<OutageTolerantOrchestrationService>()));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        return new DurableBackend(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await this.sidecar.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Shutting down regardless.
        }
        await this.sidecar.DisposeAsync();
    }
}
