using System.Globalization;
using System.Text.Json;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Local.Durable;

/// <summary>
/// The Azure Storage provider's settings for the local runner, taken from the app's host.json
/// (extensions.durableTask.storageProvider), the file the Functions host reads in Azure: one copy of them.
/// </summary>
public static class DurableSettings
{
    /// <summary>The host.json shipped with the app: beside the runner's build output, else at the repository root.</summary>
    public static string HostJsonPath =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "host.json")) ? Path.Combine(AppContext.BaseDirectory, "host.json") : Path.Combine(RepoPaths.Root, "host.json");

    public static AzureStorageOrchestrationServiceSettings FromHostJson(string hostJson, string storageConnectionString, string taskHub, ILoggerFactory loggerFactory)
    {
        using var document = JsonDocument.Parse(hostJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var provider = Property(Property(Property(document.RootElement, "extensions"), "durableTask"), "storageProvider");
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = taskHub,
            // The lease timings are not in host.json: the Functions extension exposes none of them, so Azure runs
            // the provider's defaults (30 s leases). Locally they are short, so a runner restarted after a crash
            // takes over its partitions in seconds; the real-host tests see Azure's.
            LeaseInterval = TimeSpan.FromSeconds(6),
            LeaseRenewInterval = TimeSpan.FromSeconds(2),
            LeaseAcquireInterval = TimeSpan.FromSeconds(2),
            MaxConcurrentTaskActivityWorkItems = 32,
            MaxConcurrentTaskOrchestrationWorkItems = 32,
            LoggerFactory = loggerFactory,
        };
        if (Property(provider, "partitionCount") is { ValueKind: JsonValueKind.Number } partitions)
        {
            settings.PartitionCount = partitions.GetInt32();
        }
        if (Property(provider, "maxQueuePollingInterval") is { ValueKind: JsonValueKind.String } polling)
        {
            settings.MaxQueuePollingInterval = TimeSpan.Parse(polling.GetString()!, CultureInfo.InvariantCulture);
        }
        if (Property(provider, "controlQueueVisibilityTimeout") is { ValueKind: JsonValueKind.String } controlVisibility)
        {
            settings.ControlQueueVisibilityTimeout = TimeSpan.Parse(controlVisibility.GetString()!, CultureInfo.InvariantCulture);
        }
        if (Property(provider, "workItemQueueVisibilityTimeout") is { ValueKind: JsonValueKind.String } workItemVisibility)
        {
            settings.WorkItemQueueVisibilityTimeout = TimeSpan.Parse(workItemVisibility.GetString()!, CultureInfo.InvariantCulture);
        }
        return settings;
    }

    /// <summary>A property by name, ignoring case as the host's configuration does; Undefined when absent.</summary>
    static JsonElement Property(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value;
                }
            }
        }
        return default;
    }
}
