using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LibraryTraining.Tests.Infra;

/// <summary>infra/main.bicep built once to ARM JSON, shared by the infrastructure tests.</summary>
public sealed partial class CompiledTemplate
{
    public static string MainBicep { get; } = Repository.PathOf("infra", "main.bicep");

    readonly Lazy<JsonObject> root;

    public CompiledTemplate()
    {
        this.Build = BicepCli.Run("build", MainBicep, "--stdout");
        this.root = new Lazy<JsonObject>(() => this.Build.ExitCode == 0
            ? JsonNode.Parse(this.Build.StandardOutput)!.AsObject()
            : throw new InvalidOperationException($"bicep build failed:\n{this.Build.StandardError}"));
    }

    public BicepRun Build { get; }

    public JsonObject Root => this.root.Value;

    /// <summary>Every resource, including those inside module deployments, with the template that declares it.</summary>
    public IEnumerable<(JsonObject Resource, JsonObject Template)> Resources() => ResourcesOf(this.Root);

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        this.Resources().Where(r => string.Equals((string?)r.Resource["type"], type, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Resource).ToList();

    /// <summary>The value main.bicep passes to a module parameter, following a reference to one of its variables.</summary>
    public JsonNode? ModuleParameter(JsonObject deployment, string name)
    {
        var value = deployment["properties"]?["parameters"]?[name]?["value"];
        if (value is JsonValue text && text.TryGetValue(out string? expression) && VariableReference().Match(expression) is { Success: true } match)
        {
            return this.Root["variables"]?[match.Groups[1].Value];
        }
        return value;
    }

    /// <summary>The module deployment whose template declares a resource of the given type.</summary>
    public JsonObject ModuleDeclaring(string type) =>
        this.Resources()
            .Where(r => (string?)r.Resource["type"] == "Microsoft.Resources/deployments")
            .Select(r => r.Resource)
            .Single(d => ResourcesOf(d["properties"]!["template"]!.AsObject())
                .Any(r => string.Equals((string?)r.Resource["type"], type, StringComparison.OrdinalIgnoreCase)));

    static IEnumerable<(JsonObject Resource, JsonObject Template)> ResourcesOf(JsonObject template)
    {
        // Bicep writes resources as an array, or as an object keyed by symbolic name (languageVersion 2.0).
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return (resource, template);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject inner)
            {
                foreach (var nested in ResourcesOf(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();
}

[CollectionDefinition(Name)]
public sealed class InfraTests : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Infrastructure";
}
