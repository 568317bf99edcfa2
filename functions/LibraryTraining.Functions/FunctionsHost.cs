using LibraryTraining.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Functions;

/// <summary>Everything Program.cs sets up in the worker, in one method a test can call.</summary>
public static class FunctionsHost
{
    public static FunctionsApplicationBuilder ConfigureLibraryTraining(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
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
