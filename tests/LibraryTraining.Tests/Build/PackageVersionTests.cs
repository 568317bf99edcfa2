using System.Text.Json;
using LibraryTraining.Local;

namespace LibraryTraining.Tests.Build;

/// <summary>
/// What the deployed app runs is what the tests run: every Durable Task package resolves to one version
/// in every project (the Functions app, the local runner, the tests), transitive references included.
/// </summary>
public sealed class PackageVersionTests
{
    [Fact]
    public void DurableTaskPackages_ResolveToOneVersionInEveryProject()
    {
        var assets = new[] { "functions", "tests" }
            .SelectMany(folder => Directory.GetDirectories(Path.Combine(RepoPaths.Root, folder)))
            .Select(project => Path.Combine(project, "obj", "project.assets.json"))
            .Where(File.Exists)
            .ToList();
        Assert.Contains(assets, a => a.Contains("LibraryTraining.Functions", StringComparison.Ordinal));
        Assert.True(assets.Count >= 4, $"Only {assets.Count} restored projects found: {string.Join(", ", assets)}");

        var seen = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in assets)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var project = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!;
            foreach (var target in json.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    var (name, version) = (library.Name.Split('/')[0], library.Name.Split('/')[1]);
                    if (name.StartsWith("Microsoft.DurableTask.", StringComparison.OrdinalIgnoreCase)
                        || name.StartsWith("Microsoft.Azure.DurableTask.", StringComparison.OrdinalIgnoreCase))
                    {
                        if (!seen.TryGetValue(name, out var versions))
                        {
                            seen[name] = versions = new SortedSet<string>(StringComparer.Ordinal);
                        }
                        versions.Add($"{version} ({project})");
                    }
                }
            }
        }
        Assert.Contains("Microsoft.DurableTask.Worker", seen.Keys);
        var split = seen.Where(p => p.Value.Select(v => v.Split(' ')[0]).Distinct().Count() > 1)
            .Select(p => $"{p.Key}: {string.Join(", ", p.Value)}")
            .ToList();
        Assert.True(split.Count == 0, "Durable Task packages at more than one version:\n" + string.Join("\n", split));
    }
}
