using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LibraryTraining.Configuration;

namespace LibraryTraining.Tests.Infra;

/// <summary>Production must have every setting the code reads, and no secret in plain sight.</summary>
[Collection(InfraTests.Name)]
public sealed partial class AppSettingsTests(CompiledTemplate template)
{
    [Fact]
    public void FunctionApp_EverySettingTheCodeReads_IsSetByBicepOrHasADefault()
    {
        var set = this.DeployedSettings();

        var missing = SettingsTheCodeReads()
            .Where(name => !IsSet(set, name) && !AppSettings.Defaults.ContainsKey(name))
            .ToList();

        Assert.True(missing.Count == 0,
            $"Set these in infra/app/function-app.bicep or give them a default in AppSettings.Defaults: {string.Join(", ", missing)}");
    }

    [Fact]
    public void FunctionApp_SettingsTheHostResolves_AreSetByBicep()
    {
        // %NAME% in host.json and trigger attributes is resolved by the Functions host from app settings
        // alone: a default in our code does not reach it.
        var set = this.DeployedSettings();
        var sources = new[] { Repository.PathOf("host.json") }
            .Concat(Directory.EnumerateFiles(Repository.PathOf("functions", "LibraryTraining.Functions"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));

        var referenced = sources
            .SelectMany(f => PercentSetting().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.Contains(AppSettings.TaskHub, referenced);
        Assert.All(referenced, name => Assert.True(set.ContainsKey(name), $"{name} is resolved by the host but not set by the Bicep."));
    }

    [Theory]
    [InlineData(AppSettings.SendGridApiKey)]
    [InlineData(AppSettings.LinkSecret)]
    public void FunctionApp_Secret_IsAKeyVaultReference(string name)
    {
        var value = (string?)this.DeployedSettings()[name];

        Assert.NotNull(value);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_Storage_UsesTheManagedIdentity()
    {
        var set = this.DeployedSettings();

        Assert.False(set.ContainsKey(AppSettings.Storage), "A connection string would need shared keys, which the account refuses.");
        Assert.Equal("managedidentity", (string?)set[$"{AppSettings.Storage}__credential"]);
        Assert.True(set.ContainsKey($"{AppSettings.Storage}__clientId"));
        Assert.True(set.ContainsKey($"{AppSettings.Storage}__accountName"));
    }

    JsonObject DeployedSettings() =>
        Assert.Single(template.ResourcesOfType("Microsoft.Web/sites/config"),
            c => ((string?)c["name"])?.Contains("appsettings", StringComparison.OrdinalIgnoreCase) == true)["properties"]!.AsObject();

    /// <summary>Every <c>public const string</c> of <see cref="AppSettings"/>.</summary>
    static IEnumerable<string> SettingsTheCodeReads() =>
        typeof(AppSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !f.IsInitOnly && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    /// <summary>Set directly, or as an identity-based section (<c>NAME__accountName</c> and so on), which configuration reads as NAME.</summary>
    static bool IsSet(JsonObject settings, string name) =>
        settings.ContainsKey(name) || settings.Any(s => s.Key.StartsWith(name + "__", StringComparison.Ordinal));

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex PercentSetting();
}
