using System.Security.Cryptography;
using DurableTask.Core;
using LibraryTraining.Configuration;
using LibraryTraining.Functions;
using LibraryTraining.Functions.Telemetry;
using LibraryTraining.Telemetry;
using LibraryTraining.Local.Durable;
using LibraryTraining.Local.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LibraryTraining.Local.Hosting;

public sealed record LocalRunnerOptions
{
    public int Port { get; init; } = 7071;
    /// <summary>Where Azurite keeps its data and the runner its generated secrets; under the ignored .local/ by default.</summary>
    public string DataFolder { get; init; } = RepoPaths.LocalData;
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    public string[] Args { get; init; } = [];
    public Action<string> Progress { get; init; } = Console.WriteLine;
}

/// <summary>
/// The local stand-in for the Azure Functions host: Azurite for storage, the Azure Storage Durable
/// provider on it, the app's HTTP functions at /api, its orchestrators and activities on a Durable
/// worker, and its timers. Everything it started stops with it.
/// </summary>
public sealed class LocalRunner : IAsyncDisposable
{
    readonly List<IAsyncDisposable> owned = [];

    LocalRunner(WebApplication app, string organiserKey, Uri address)
    {
        this.App = app;
        this.OrganiserKey = organiserKey;
        this.Address = address;
    }

    public WebApplication App { get; }
    public string OrganiserKey { get; }
    public Uri Address { get; }
    public IServiceProvider Services => this.App.Services;

    /// <summary>The outbox viewer, or null where the Functions app was built Release, which leaves the dev routes out.</summary>
    public Uri? OutboxViewer => this.Services.GetRequiredService<IReadOnlyList<FunctionEntry>>().Any(f => f.Name == "DevOutboxViewer")
        ? new Uri(this.Address, $"api/dev/outbox/view?code={this.OrganiserKey}")
        : null;

    /// <summary>The example programme with its days two weeks from today, for the README's tour.</summary>
    public string ExampleProgrammePath { get; private init; } = "";

    public static async Task<LocalRunner> StartAsync(LocalRunnerOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.DataFolder);
        var example = Demo.ExampleProgramme.Write(options.DataFolder, DateTimeOffset.UtcNow);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalDefaults(options))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(options.Settings)
            .AddCommandLine(options.Args)
            .Build();

        var owned = new List<IAsyncDisposable>();
        try
        {
            if (string.IsNullOrEmpty(configuration[AppSettings.Storage]))
            {
                var azurite = await Azurite.StartAsync(Path.Combine(options.DataFolder, "azurite"), progress: options.Progress, cancellationToken: cancellationToken);
                owned.Add(azurite);
                configuration[AppSettings.Storage] = azurite.ConnectionString;
                options.Progress($"Azurite: blob {azurite.BlobPort}, queue {azurite.QueuePort}, table {azurite.TablePort}, data in {Path.Combine(options.DataFolder, "azurite")}");
            }

            // The Durable backend starts before the app's host, so it gets a logger factory of its own,
            // on the same pipeline: redaction first, then the console.
            var durableLogs = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddOpenTelemetry(otel =>
            {
                TelemetryRegistration.ConfigureLogOptions(otel);
                otel.AddProcessor(new RedactingLogProcessor(LogRedactor.From(configuration)));
                otel.AddProcessor(new SimpleLogRecordExportProcessor(new ConsoleLogExporter()));
            }));
            owned.Add(new SyncDisposable(durableLogs.Dispose));
            var backend = await DurableBackend.StartAsync(configuration[AppSettings.Storage]!,
                ServiceCollectionExtensions.Setting(configuration, AppSettings.TaskHub), durableLogs, cancellationToken);
            owned.Add(backend);

            var organiserKey = configuration[AppSettings.OrganiserKey] is { Length: > 0 } key ? key : GeneratedSecret(options.DataFolder, "organiser-key", 24, urlSafe: true);
            var functions = FunctionCatalog.Discover();

            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
            builder.Configuration.AddConfiguration(configuration);
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
            // The worker's own limit (FunctionsHost), not a second copy: each upload endpoint enforces its
            // own limit while it streams, under this one.
            builder.WebHost.ConfigureKestrel(FunctionsHost.ConfigureRequestLimits);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(functions);
            builder.Services.AddLibraryTraining(builder.Configuration);
            // The same OpenTelemetry setup as the Functions worker (and Application Insights if its connection
            // string is set); logs also go to the console, one line each, after redaction.
            var telemetry = builder.Services.AddLibraryTrainingTelemetry(builder.Configuration, traceWithoutExporter: false)
                .ConfigureResource(resource => resource.AddService("LibraryTraining.Local"))
                .WithLogging(logs => logs.AddProcessor(new SimpleLogRecordExportProcessor(new ConsoleLogExporter())));
            if (TelemetryRegistration.ExportsTraces(builder.Configuration))
            {
                telemetry.WithTracing(tracing => tracing.AddSource("Microsoft.AspNetCore"));
            }
            builder.Services.AddMvcCore();
            builder.Services.AddHttpClient();
            var channel = Grpc.Net.Client.GrpcChannel.ForAddress(backend.Address);
            builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(channel);
                worker.AddTasks(registry => DurableFunctions.Register(registry, functions));
            });
            builder.Services.AddSingleton<IReadOnlyList<FunctionEntry>>(functions);
            builder.Services.AddHostedService<TimerFunctions>();

            var app = builder.Build();
            HttpFunctions.Map(app, functions, organiserKey);
            app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Redirect("/api/programmes"));
            await app.StartAsync(cancellationToken);

            var runner = new LocalRunner(app, organiserKey, new Uri($"http://127.0.0.1:{options.Port}/")) { ExampleProgrammePath = example };
            runner.owned.AddRange(owned);
            return runner;
        }
        catch
        {
            foreach (var resource in Enumerable.Reverse(owned))
            {
                await resource.DisposeAsync();
            }
            throw;
        }
    }

    static Dictionary<string, string?> LocalDefaults(LocalRunnerOptions options) => new()
    {
        [AppSettings.MailMode] = "outbox",
        [AppSettings.TaskHub] = "LibraryTrainingLocal",
        [AppSettings.PublicBaseUrl] = $"http://127.0.0.1:{options.Port}",
        [AppSettings.LinkSecret] = GeneratedSecret(options.DataFolder, "link-secret", 32),
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
        ["Logging:LogLevel:DurableTask"] = "Warning",
        ["Logging:LogLevel:Microsoft.DurableTask"] = "Warning",
        ["Logging:LogLevel:Grpc"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
    };

    /// <summary>A random secret kept in the data folder, so restarts keep links and keys working.</summary>
    static string GeneratedSecret(string folder, string name, int bytes, bool urlSafe = false)
    {
        var path = Path.Combine(folder, name);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }
        // The organiser key travels in ?code=, so it must survive a URL unescaped.
        var secret = urlSafe ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes)) : Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
        File.WriteAllText(path, secret);
        return secret;
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await this.App.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping regardless.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.StopAsync();
        await this.App.DisposeAsync();
        foreach (var resource in Enumerable.Reverse(this.owned))
        {
            await resource.DisposeAsync();
        }
    }
}

/// <summary>Something synchronous to dispose along with what the runner started.</summary>
sealed class SyncDisposable(Action dispose) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        dispose();
        return ValueTask.CompletedTask;
    }
}
