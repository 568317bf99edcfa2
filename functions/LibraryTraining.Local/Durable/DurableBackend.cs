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
        // Partitions and polling as host.json sets them for the Functions host in Azure.
        var settings = DurableSettings.FromHostJson(await File.ReadAllTextAsync(DurableSettings.HostJsonPath, cancellationToken),
            storageConnectionString, taskHub, loggerFactory);
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
