using System.Text.Json.Nodes;
using LibraryTraining.Local.Durable;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibraryTraining.Tests.Local;

/// <summary>The local runner's Durable backend takes its partitions and polling from host.json, as the Functions host does.</summary>
public sealed class DurableSettingsTests
{
    const string Storage = "UseDevelopmentStorage=true";

    [Fact]
    public void TheRunner_ConfiguresWhatTheShippedHostJsonSays()
    {
        var text = File.ReadAllText(DurableSettings.HostJsonPath);
        var provider = JsonNode.Parse(text)!["extensions"]!["durableTask"]!["storageProvider"]!;
        var settings = DurableSettings.FromHostJson(text, Storage, "hub", NullLoggerFactory.Instance);
        Assert.Equal((int)provider["partitionCount"]!, settings.PartitionCount);
        Assert.Equal(TimeSpan.Parse((string)provider["maxQueuePollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture), settings.MaxQueuePollingInterval);
        Assert.Equal("hub", settings.TaskHubName);
    }

    [Fact]
    public void ChangingHostJson_ChangesWhatTheRunnerConfigures()
    {
        var host = JsonNode.Parse(File.ReadAllText(DurableSettings.HostJsonPath))!;
        var provider = host["extensions"]!["durableTask"]!["storageProvider"]!;
        provider["partitionCount"] = 7;
        provider["maxQueuePollingInterval"] = "00:00:09";
        provider["controlQueueVisibilityTimeout"] = "00:03:00";

        var settings = DurableSettings.FromHostJson(host.ToJsonString(), Storage, "hub", NullLoggerFactory.Instance);

        Assert.Equal(7, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(9), settings.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(3), settings.ControlQueueVisibilityTimeout);
    }
}
