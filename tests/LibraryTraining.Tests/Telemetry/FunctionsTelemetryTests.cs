using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using LibraryTraining.Configuration;
using LibraryTraining.Functions;
using LibraryTraining.Functions.Telemetry;
using LibraryTraining.Local.Storage;
using LibraryTraining.Telemetry;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LibraryTraining.Tests.Telemetry;

/// <summary>
/// The Functions worker's service collection, as Program.cs builds it: OpenTelemetry for traces,
/// metrics and logs always; the Azure Monitor exporter only with a connection string, and then what it
/// sends to Application Insights (a loopback stand-in here) is already redacted.
/// </summary>
public sealed class FunctionsTelemetryTests
{
    const string Token = "q3Jx9_Zk-LmN0pQrStUvWxYz0123456789abcdefABC";
    const string Address = "somchai.jaidee@example.go.th";

    [Fact]
    public void FunctionsHost_WithoutAConnectionString_RegistersOpenTelemetry_ButNoAzureMonitorExporter()
    {
        var builder = FunctionsBuilder(connectionString: "");

        Assert.DoesNotContain(builder.Services, FromAzureMonitor);
        using var host = builder.Build();
        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Contains(host.Services.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);
        // UseFunctionsWorkerDefaults: the host is told the worker exports its own telemetry.
        Assert.Equal(bool.TrueString, host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities["WorkerOpenTelemetryEnabled"]);
    }

    [Fact]
    public async Task FunctionsHost_WithAConnectionString_ExportsToApplicationInsights_WithTokensAndAddressesRedacted()
    {
        await using var ingestion = await IngestionStub.StartAsync();
        var builder = FunctionsBuilder(ingestion.ConnectionString);
        Assert.Contains(builder.Services, FromAzureMonitor);
        // Every span, so the one below is not sampled away (the default is a rate limit of 5 a second).
        builder.Services.Configure<AzureMonitorExporterOptions>(o => (o.TracesPerSecond, o.SamplingRatio) = (null, 1f));

        using (var host = builder.Build())
        {
            // The exporter joins the pipeline when its hosted service starts. The worker's other hosted
            // services need a Functions host at the far end of gRPC, so only telemetry's are started here.
            foreach (var service in host.Services.GetServices<IHostedService>().Where(IsTelemetry))
            {
                await service.StartAsync(CancellationToken.None);
            }
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LibraryTraining.Tests.Telemetry");
            var source = new ActivitySource("LibraryTraining");
            _ = host.Services.GetRequiredService<TracerProvider>();
            using (var span = source.StartActivity("answer /api/rsvp/" + Token))
            {
                span?.SetTag("url.path", "/api/rsvp/" + Token);
                logger.LogWarning("Telemetry check: answer page {Path} for {Email}", "/api/rsvp/" + Token, Address);
            }
            logger.LogWarning("Telemetry check: outside a span, {Email}", Address);
            Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        } // disposing the host flushes the log and metric exporters

        var sent = await ingestion.WaitForAsync("Telemetry check: outside a span", TimeSpan.FromSeconds(30));
        Assert.Contains("/api/rsvp/{token}", sent, StringComparison.Ordinal);
        Assert.Contains(LogSafe.Email(Address), sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Address, sent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("somchai.jaidee", sent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void IdentityFor_TheHostsAuthenticationString_IsTheUserAssignedIdentity()
    {
        Assert.Null(TelemetryRegistration.IdentityFor(null));
        Assert.Null(TelemetryRegistration.IdentityFor(""));
        Assert.IsType<ManagedIdentityCredential>(TelemetryRegistration.IdentityFor("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD"));
        Assert.IsType<ManagedIdentityCredential>(TelemetryRegistration.IdentityFor("Authorization=AAD"));
        Assert.Throws<InvalidOperationException>(() => TelemetryRegistration.IdentityFor("ClientId=abc"));
    }

    static FunctionsApplicationBuilder FunctionsBuilder(string connectionString)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.Storage] = "UseDevelopmentStorage=true",
            [AppSettings.MailMode] = "outbox",
            [AppSettings.LinkSecret] = TestSettings.LinkSecret,
            [AppSettings.ApplicationInsights] = connectionString,
            [AppSettings.ApplicationInsightsAuthentication] = "",
            [AppSettings.TracesExporter] = "",
            [AppSettings.MetricsExporter] = "",
            // What the Functions host passes a worker it starts; nothing listens there, and nothing here calls it.
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
            ["Functions:Worker:WorkerId"] = "telemetry-test",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        });
        builder.ConfigureLibraryTraining();
        return builder;
    }

    static bool IsTelemetry(IHostedService service) =>
        service.GetType().Assembly == typeof(AzureMonitorExporterOptions).Assembly || service.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true;

    static bool FromAzureMonitor(ServiceDescriptor descriptor)
    {
        var assembly = typeof(AzureMonitorExporterOptions).Assembly;
        return new[] { descriptor.ServiceType, descriptor.ImplementationType, descriptor.ImplementationInstance?.GetType() }
            .OfType<Type>()
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments().Append(t) : [t])
            .Any(t => t.Assembly == assembly);
    }

    /// <summary>Application Insights' ingestion (and live metrics) endpoint on loopback: it keeps every body it is sent.</summary>
    sealed class IngestionStub : IAsyncDisposable
    {
        readonly WebApplication app;
        readonly ConcurrentQueue<string> bodies = new();

        IngestionStub(WebApplication app, int port)
        {
            this.app = app;
            // Live metrics would otherwise go to its public default endpoint; statsbeat stays off for a non-Azure endpoint.
            this.ConnectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:{port}/;LiveEndpoint=http://127.0.0.1:{port}/";
        }

        public string ConnectionString { get; }

        public static async Task<IngestionStub> StartAsync()
        {
            var port = Azurite.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var stub = new IngestionStub(app, port);
            app.Map("/{**path}", stub.ReceiveAsync);
            await app.StartAsync();
            return stub;
        }

        async Task ReceiveAsync(HttpContext context)
        {
            Stream body = context.Request.Body;
            if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }
            using var reader = new StreamReader(body);
            this.bodies.Enqueue($"{context.Request.Path}\n{await reader.ReadToEndAsync()}");
            context.Response.StatusCode = 200;
            await context.Response.WriteAsync("""{"itemsReceived":0,"itemsAccepted":0,"errors":[]}""");
        }

        public async Task<string> WaitForAsync(string text, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (true)
            {
                var all = string.Join("\n", this.bodies);
                if (all.Contains(text, StringComparison.Ordinal))
                {
                    return all;
                }
                Assert.True(DateTime.UtcNow < until, $"Application Insights got no \"{text}\" within {timeout}; it got {this.bodies.Count} requests: {all[..Math.Min(all.Length, 2000)]}");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }
    }
}
