using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LibraryTraining.Tests.Infra;

/// <summary>`azd up` finds the app and feeds main.bicep the parameters it declares.</summary>
[Collection(InfraTests.Name)]
public sealed partial class AzdTests(CompiledTemplate template)
{
    [Fact]
    public void AzureYaml_ApiService_PointsAtTheFunctionsProject()
    {
        var yaml = File.ReadAllText(Repository.PathOf("azure.yaml"));

        var project = ProjectLine().Match(yaml);
        Assert.True(project.Success, "azure.yaml names no service project.");
        var folder = Path.GetFullPath(Path.Combine(Repository.Root, project.Groups[1].Value));
        Assert.True(Directory.Exists(folder), $"{folder} does not exist.");
        Assert.NotEmpty(Directory.EnumerateFiles(folder, "*.csproj"));
        Assert.Matches(@"(?m)^\s+host:\s*function\s*$", yaml);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", yaml);
    }

    [Fact]
    public void MainParameters_EveryEntry_IsATemplateParameterAndEveryRequiredOneIsThere()
    {
        var declared = template.Root["parameters"]!.AsObject();
        var given = JsonNode.Parse(File.ReadAllText(Repository.PathOf("infra", "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.All(given.Select(p => p.Key), name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare."));
        var required = declared.Where(p => p.Value?["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(given.ContainsKey(name), $"main.bicep requires {name}; map it in main.parameters.json."));
    }

    [GeneratedRegex(@"(?m)^\s+project:\s*(\S+)\s*$")]
    private static partial Regex ProjectLine();
}
