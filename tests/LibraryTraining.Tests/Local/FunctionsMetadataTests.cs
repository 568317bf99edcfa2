using System.Text.Json;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Tests.Hosting;

namespace LibraryTraining.Tests.Local;

/// <summary>The Functions SDK's generated functions.metadata, which Azure reads, lists every function with its trigger.</summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void FunctionsMetadata_ListsEveryFunctionWithItsTrigger()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var listed = metadata.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).ToList());

        var expected = new Dictionary<TriggerKind, string>
        {
            [TriggerKind.Http] = "httpTrigger",
            [TriggerKind.Orchestration] = "orchestrationTrigger",
            [TriggerKind.Activity] = "activityTrigger",
            [TriggerKind.Timer] = "timerTrigger",
        };
        var functions = FunctionCatalog.Discover();
        Assert.Equal(functions.Select(f => f.Name).Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(functions, f => Assert.Contains(expected[f.Trigger], listed[f.Name]));
    }

    [Fact]
    public async Task ReleasePublish_WhatAzdDeploys_HasNoDevRoutes()
    {
        var folder = await PublishedApp.GetAsync();
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "functions.metadata")));
        var routes = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.TryGetProperty("route", out _))
            .Select(b => b.GetProperty("route").GetString()!)
            .ToList();
        Assert.Contains("programmes/{id}/handouts", routes);
        Assert.DoesNotContain(routes, r => r.StartsWith("dev/", StringComparison.Ordinal));
    }

    [Fact]
    public void HostJson_IsShippedWithTheApp_AndNamesTheTaskHubPerEnvironment()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("%LIBRARYTRAINING_TASK_HUB%", host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
    }
}
