using System.Diagnostics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using LibraryTraining.Configuration;
using LibraryTraining.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LibraryTraining.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts, the Functions worker and the local runner: traces, metrics and
/// structured logs, every log record and span passed through <see cref="LogRedactor"/> before any
/// exporter sees it. With <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> set (in Azure), everything goes to
/// Application Insights, signed in with the managed identity named by
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>. The local runner adds its console exporter for logs;
/// <c>OTEL_TRACES_EXPORTER=console</c> and <c>OTEL_METRICS_EXPORTER=console</c> print spans and metrics too.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Spans from the app, from Durable Task's worker (orchestrations, activities) and from HttpClient (SendGrid).</summary>
    public static IReadOnlyList<string> Sources { get; } = ["LibraryTraining", "Microsoft.DurableTask", "System.Net.Http"];

    /// <summary>The app's meter, HttpClient's and the runtime's (all built into .NET).</summary>
    public static IReadOnlyList<string> Meters { get; } = ["LibraryTraining", "System.Net.Http", "System.Runtime"];

    /// <param name="traceWithoutExporter">
    /// False for the local runner: with nowhere to send spans, making one for every request and every
    /// storage call only costs CPU (a fifth of the answer burst's throughput, measured).
    /// </param>
    public static IOpenTelemetryBuilder AddLibraryTrainingTelemetry(this IServiceCollection services, IConfiguration configuration, bool traceWithoutExporter = true)
    {
        var redactor = LogRedactor.From(configuration);
        // Processors run in the order they are added: the redacting ones come before any exporter.
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter([.. Meters]))
            .WithLogging(logs => ConfigureLogs(logs, redactor), ConfigureLogOptions);
        if (traceWithoutExporter || ExportsTraces(configuration))
        {
            telemetry.WithTracing(tracing => tracing.AddSource([.. Sources]).AddProcessor(new RedactingActivityProcessor(redactor)));
        }

        if (configuration[AppSettings.ApplicationInsights] is { Length: > 0 } connectionString)
        {
            var credential = IdentityFor(configuration[AppSettings.ApplicationInsightsAuthentication]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (credential is not null)
                {
                    options.Credential = credential;
                }
            });
        }
        if (Prints(configuration, AppSettings.TracesExporter))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter());
        }
        if (Prints(configuration, AppSettings.MetricsExporter))
        {
            telemetry.WithMetrics(metrics => metrics.AddConsoleExporter());
        }
        return telemetry;
    }

    /// <summary>Whether spans go anywhere: to Application Insights, or printed on the console.</summary>
    public static bool ExportsTraces(IConfiguration configuration) =>
        configuration[AppSettings.ApplicationInsights] is { Length: > 0 } || Prints(configuration, AppSettings.TracesExporter);

    static LoggerProviderBuilder ConfigureLogs(LoggerProviderBuilder logs, LogRedactor redactor) =>
        logs.AddProcessor(new RedactingLogProcessor(redactor));

    /// <summary>The log options of every OpenTelemetry logger in the app, also one built outside a host (the local runner's Durable backend).</summary>
    public static void ConfigureLogOptions(OpenTelemetryLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.IncludeFormattedMessage = true;
        // Scopes stay out: ASP.NET Core's request scope carries the request path, and a participant's path
        // holds their token. Trace and span ids already tie a record to its request.
        options.IncludeScopes = false;
    }

    /// <summary>
    /// The identity in <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=…;Authorization=AAD</c>,
    /// the form the Functions host reads), or null to send with the connection string alone.
    /// </summary>
    public static TokenCredential? IdentityFor(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }
        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AppSettings.ApplicationInsightsAuthentication} must read ClientId=<client id>;Authorization=AAD (or Authorization=AAD for a system-assigned identity).");
        }
        return parts.GetValueOrDefault("ClientId") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    static bool Prints(IConfiguration configuration, string setting) =>
        configuration[setting]?.Split(',', StringSplitOptions.TrimEntries).Contains("console", StringComparer.OrdinalIgnoreCase) == true;
}

/// <summary>Redacts a log record's message, attributes and exception before it is exported.</summary>
public sealed class RedactingLogProcessor(LogRedactor redactor) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FormattedMessage is { } message)
        {
            data.FormattedMessage = redactor.Redact(message);
        }
        if (data.Body is { } body)
        {
            data.Body = redactor.Redact(body);
        }
        if (data.Attributes is { Count: > 0 } attributes)
        {
            List<KeyValuePair<string, object?>>? changed = null;
            for (var i = 0; i < attributes.Count; i++)
            {
                var (key, value) = attributes[i];
                if (RedactValue(value) is { } redacted)
                {
                    changed ??= [.. attributes];
                    changed[i] = new(key, redacted);
                }
            }
            if (changed is not null)
            {
                data.Attributes = changed;
            }
        }
        if (data.Exception is { } exception && RedactedException.From(exception, redactor) is { } safe)
        {
            data.Exception = safe;
        }
        base.OnEnd(data);
    }

    /// <summary>The value's text, redacted, if redaction changed it; null if it is safe as it is.</summary>
    string? RedactValue(object? value)
    {
        if (value is null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            or DateTime or DateTimeOffset or TimeSpan or Guid or Enum)
        {
            return null;
        }
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        var redacted = redactor.Redact(text);
        return redacted == text ? null : redacted;
    }
}

/// <summary>Redacts a span's name, tags and status before it is exported (request paths carry participants' tokens).</summary>
public sealed class RedactingActivityProcessor(LogRedactor redactor) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.DisplayName = redactor.Redact(data.DisplayName);
        List<KeyValuePair<string, string>>? changed = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is string text && redactor.Redact(text) is var redacted && redacted != text)
            {
                (changed ??= []).Add(new(key, redacted));
            }
        }
        foreach (var (key, redacted) in changed ?? [])
        {
            data.SetTag(key, redacted);
        }
        if (data.StatusDescription is { } description)
        {
            data.SetStatus(data.Status, redactor.Redact(description));
        }
        base.OnEnd(data);
    }
}

/// <summary>An exception whose text held something redaction removes, as it may be exported: type, message and stack as text.</summary>
public sealed class RedactedException : Exception
{
    readonly string text;

    public RedactedException() : this("", "")
    {
    }

    public RedactedException(string message) : this(message, message)
    {
    }

    public RedactedException(string message, Exception innerException) : base(message, innerException) =>
        this.text = message;

    RedactedException(string message, string text) : base(message) => this.text = text;

    /// <summary>A redacted stand-in for the exception, or null when its text needs no redaction.</summary>
    public static RedactedException? From(Exception exception, LogRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(redactor);
        var text = exception.ToString();
        var redacted = redactor.Redact(text);
        return redacted == text ? null : new RedactedException($"{exception.GetType().FullName}: {redactor.Redact(exception.Message)}", redacted);
    }

    public override string ToString() => this.text;
}
