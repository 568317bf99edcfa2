using LibraryTraining.Functions.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Functions;

/// <summary>Everything Program.cs sets up in the worker, in one method a test can call.</summary>
public static class FunctionsHost
{
    /// <summary>
    /// The largest request body the worker reads: what the Functions host forwards (its own default limit,
    /// and Azure's, is 100 MB). Kestrel's default is 30,000,000 bytes, under a 50 MB handout. It must not be
    /// lower than the host's: a body the worker's Kestrel cuts off mid-proxy reaches the caller as the host's
    /// empty 500, whereas one the worker takes in full gets the endpoint's own refusal (a JSON 413 past its
    /// limit, which each upload enforces while it streams). The local runner applies the same value.
    /// </summary>
    public const long MaxRequestBodyBytes = 100 * 1024 * 1024;

    /// <summary>The request limits every host of the app's HTTP functions applies (the worker's Kestrel, the local runner's).</summary>
    public static void ConfigureRequestLimits(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
    }

    public static FunctionsApplicationBuilder ConfigureLibraryTraining(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.Configure<KestrelServerOptions>(ConfigureRequestLimits);
        builder.Services.AddLibraryTraining(builder.Configuration);
        // The worker's own ASP.NET Core request log would repeat what the host records, and name the path:
        // a participant's path holds their token. (The redacting processor would catch it; this keeps it out.)
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // UseFunctionsWorkerDefaults: the worker's spans and resource, and it tells the host that the worker
        // exports its own logs (host.json's telemetryMode is OpenTelemetry), so they are not sent twice.
        builder.Services.AddLibraryTrainingTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();
        return builder;
    }
}
