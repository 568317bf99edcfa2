namespace LibraryTraining.Configuration;

/// <summary>
/// Every app setting the code reads, in one place. The infrastructure test checks that the Bicep sets
/// each one that has no default, so production never runs with a setting missing.
/// </summary>
public static class AppSettings
{
    /// <summary>Storage for tables, blobs and the Durable task hub: a connection string locally, identity-based in Azure.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>The key organiser endpoints require locally (<c>x-functions-key</c> or <c>?code=</c>); in Azure the host's function keys do this.</summary>
    public const string OrganiserKey = "LIBRARYTRAINING_ORGANISER_KEY";

    /// <summary>The Durable task hub; one per environment so two deployments never share work.</summary>
    public const string TaskHub = "LIBRARYTRAINING_TASK_HUB";

    /// <summary>The address participants' links point at, for example https://app.example.org.</summary>
    public const string PublicBaseUrl = "LIBRARYTRAINING_PUBLIC_BASE_URL";

    /// <summary>The HMAC secret participant links are derived from (at least 32 bytes, base64).</summary>
    public const string LinkSecret = "LIBRARYTRAINING_LINK_SECRET";

    /// <summary><c>sendgrid</c> or <c>outbox</c>.</summary>
    public const string MailMode = "LIBRARYTRAINING_MAIL_MODE";

    public const string SendGridApiKey = "SENDGRID_API_KEY";
    public const string SendGridFromEmail = "SENDGRID_FROM_EMAIL";
    public const string SendGridFromName = "SENDGRID_FROM_NAME";

    /// <summary>The Event Webhook's verification key (ECDSA public key, base64) from SendGrid's settings.</summary>
    public const string SendGridWebhookPublicKey = "SENDGRID_WEBHOOK_PUBLIC_KEY";

    /// <summary>For tests: SendGrid's API address, pointed at a loopback stub.</summary>
    public const string SendGridApiHost = "SENDGRID_API_HOST";

    /// <summary>NCrontab schedule of the daily status timer; it runs hourly and sends at each programme's status hour.</summary>
    public const string StatusSchedule = "LIBRARYTRAINING_STATUS_SCHEDULE";

    /// <summary>NCrontab schedule of the sweep that sends answer mails an instance did not get to send, and ends offers that ran out.</summary>
    public const string OwedWorkSchedule = "LIBRARYTRAINING_OWED_WORK_SCHEDULE";

    /// <summary>Application Insights: when set, traces, metrics and logs are exported there (OpenTelemetry, Azure Monitor exporter).</summary>
    public const string ApplicationInsights = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>ClientId={client id};Authorization=AAD</c>: the exporter signs in with that managed identity, as the host does.</summary>
    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>OpenTelemetry's exporter settings; <c>console</c> also prints every span (traces) or metric (metrics), for a developer.</summary>
    public const string TracesExporter = "OTEL_TRACES_EXPORTER";

    /// <inheritdoc cref="TracesExporter"/>
    public const string MetricsExporter = "OTEL_METRICS_EXPORTER";

    /// <summary>Settings the code can run without, and the value it uses then.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        [TaskHub] = "LibraryTraining",
        [PublicBaseUrl] = "http://127.0.0.1:7071",
        [MailMode] = "sendgrid",
        [SendGridFromName] = "LibraryTraining",
        [SendGridApiHost] = "https://api.sendgrid.com",
        [StatusSchedule] = "0 0 * * * *",
        [OwedWorkSchedule] = "*/15 * * * * *",
        [ApplicationInsights] = "(none: nothing is exported; the local runner writes logs to the console)",
        [ApplicationInsightsAuthentication] = "(none: the exporter sends with the connection string alone)",
        [TracesExporter] = "(none: spans are not printed)",
        [MetricsExporter] = "(none: metrics are not printed)",
        [SendGridWebhookPublicKey] = "(none: the event webhook refuses every call until it is set)",
        [OrganiserKey] = "(Azure: the host's function keys; local runner: generated at start)",
    };
}
