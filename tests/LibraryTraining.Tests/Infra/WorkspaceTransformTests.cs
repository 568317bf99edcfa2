using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LibraryTraining.Tests.Infra;

/// <summary>
/// The workspace transformation masks what the Functions host records about a request (its URL, and a
/// name built from the path) before Log Analytics stores it: participants' tokens, check-in codes and keys.
/// The masks are run here, with .NET's regex engine standing in for Log Analytics' (RE2; the patterns use
/// only what both engines read the same way).
/// </summary>
[Collection(InfraTests.Name)]
public sealed partial class WorkspaceTransformTests(CompiledTemplate template)
{
    const string Token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";
    const string VenueCode = "Zx9Q-kw81LmN";
    const string FunctionKey = "fK3y_9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789AB==";

    [Fact]
    public void WorkspaceTransforms_Declared_IsTheWorkspacesDefaultRule()
    {
        var (rule, _) = this.Rule();
        Assert.Equal("WorkspaceTransforms", (string?)rule["kind"]);
        Assert.Contains("parameters('logAnalyticsName')", (string?)rule["properties"]!["destinations"]!["logAnalytics"]![0]!["workspaceResourceId"], StringComparison.Ordinal);

        // The workspace declared again, naming the rule: its deployment passes the rule's id and the workspace's own name.
        var link = Assert.Single(template.Resources(), r => (string?)r.Resource["type"] == "Microsoft.Resources/deployments"
            && TopLevelResources(r.Resource["properties"]?["template"]).Any(inner => inner["properties"]?["defaultDataCollectionRuleResourceId"] is not null)).Resource;
        var workspace = Assert.Single(template.ResourcesOfType("Microsoft.OperationalInsights/workspaces"),
            w => w["properties"]?["defaultDataCollectionRuleResourceId"] is not null);
        Assert.Equal("[parameters('defaultDataCollectionRuleResourceId')]", (string?)workspace["properties"]!["defaultDataCollectionRuleResourceId"]);
        Assert.Equal(
            $"[resourceId('Microsoft.Insights/dataCollectionRules', {((string?)rule["name"])!.Trim('[', ']')})]",
            (string?)template.ModuleParameter(link, "defaultDataCollectionRuleResourceId"));
        Assert.Equal("[parameters('logAnalyticsName')]", (string?)template.ModuleParameter(link, "name"));
    }

    [Fact]
    public void WorkspaceTransforms_AppRequests_MasksUrlNameAndOperationName()
    {
        var kql = this.TransformKql("Microsoft-Table-AppRequests");

        foreach (var column in new[] { "Url", "Name", "OperationName" })
        {
            Assert.Contains($"{column} = mask({column})", kql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WorkspaceTransforms_HostTables_MaskTheOperationName()
    {
        foreach (var stream in new[] { "Microsoft-Table-AppTraces", "Microsoft-Table-AppDependencies", "Microsoft-Table-AppExceptions" })
        {
            Assert.Contains("OperationName = mask(OperationName)", this.TransformKql(stream), StringComparison.Ordinal);
        }
        Assert.Contains("Message = mask(Message)", this.TransformKql("Microsoft-Table-AppTraces"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"https://app.azurewebsites.net/api/rsvp/{Token}", "https://app.azurewebsites.net/api/rsvp/***")]
    [InlineData($"https://app.azurewebsites.net/api/rsvp/{Token}?lang=en", "https://app.azurewebsites.net/api/rsvp/***?lang=en")]
    [InlineData($"https://app.azurewebsites.net/api/rsvp/{Token}/checkin/s1", "https://app.azurewebsites.net/api/rsvp/***/checkin/s1")]
    [InlineData($"https://app.azurewebsites.net/api/RSVP/{Token}/calendar.ics", "https://app.azurewebsites.net/api/RSVP/***/calendar.ics")]
    [InlineData($"GET /api/rsvp/{Token}/survey", "GET /api/rsvp/***/survey")]
    [InlineData($"https://app.azurewebsites.net/api/checkin/prog-1/s2/{VenueCode}", "https://app.azurewebsites.net/api/checkin/prog-1/s2/***")]
    [InlineData($"https://app.azurewebsites.net/api/checkin/prog-1/s2/{VenueCode}?lang=th#top", "https://app.azurewebsites.net/api/checkin/prog-1/s2/***?lang=th#top")]
    [InlineData($"https://app.azurewebsites.net/api/programmes/p1/dashboard?code={FunctionKey}", "https://app.azurewebsites.net/api/programmes/p1/dashboard?code=***")]
    [InlineData($"https://app.azurewebsites.net/api/programmes/p1/report?lang=en&code={FunctionKey}&x=1", "https://app.azurewebsites.net/api/programmes/p1/report?lang=en&code=***&x=1")]
    [InlineData($"Forwarded /api/rsvp/{Token} then /api/rsvp/{Token}x", "Forwarded /api/rsvp/*** then /api/rsvp/***")]
    [InlineData("https://app.azurewebsites.net/api/programmes/p1/attendance", "https://app.azurewebsites.net/api/programmes/p1/attendance")]
    [InlineData("GET /api/rsvp/{token}", "GET /api/rsvp/***")]
    [InlineData("", "")]
    public void WorkspaceTransforms_Mask_LeavesNoSecret(string recorded, string stored)
    {
        var masked = this.Mask("Microsoft-Table-AppRequests")(recorded);

        Assert.Equal(stored, masked);
        Assert.DoesNotContain(Token, masked, StringComparison.Ordinal);
        Assert.DoesNotContain(VenueCode, masked, StringComparison.Ordinal);
        Assert.DoesNotContain(FunctionKey, masked, StringComparison.Ordinal);
    }

    static IEnumerable<JsonNode> TopLevelResources(JsonNode? deploymentTemplate) => deploymentTemplate?["resources"] switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
        _ => [],
    };

    (JsonObject Rule, JsonObject Template) Rule() =>
        Assert.Single(template.Resources(), r => (string?)r.Resource["type"] == "Microsoft.Insights/dataCollectionRules");

    /// <summary>A data flow's query, with the variable Bicep interpolates into it put back.</summary>
    string TransformKql(string stream)
    {
        var (rule, declaring) = this.Rule();
        var flow = Assert.Single(rule["properties"]!["dataFlows"]!.AsArray(),
            f => f!["streams"]!.AsArray().Select(s => (string?)s).SequenceEqual([stream]))!;
        Assert.Equal(["workspace"], flow["destinations"]!.AsArray().Select(d => (string?)d));
        var kql = (string)flow["transformKql"]!;
        if (FormatExpression().Match(kql) is { Success: true } format)
        {
            var variable = (string?)declaring["variables"]?[format.Groups["variable"].Value] ?? throw new InvalidOperationException($"No variable in {kql}.");
            kql = format.Groups["format"].Value.Replace("''", "'", StringComparison.Ordinal).Replace("{0}", variable, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("replace", kql, StringComparison.OrdinalIgnoreCase); // Transformations refuse replace_regex and replace_string.
        return kql;
    }

    /// <summary>
    /// The query's <c>mask</c> function run in .NET: each mask function keeps extract()'s group 1, puts "***"
    /// and keeps group 2, or returns its input when group 1 is empty; <c>mask</c> nests them.
    /// </summary>
    Func<string, string> Mask(string stream)
    {
        var kql = this.TransformKql(stream);
        var masks = new Dictionary<string, Regex>(StringComparer.Ordinal);
        foreach (Match function in MaskFunction().Matches(kql))
        {
            var patterns = function.Groups["pattern"].Captures.Select(c => c.Value.Replace("\"\"", "\"", StringComparison.Ordinal)).Distinct().ToList();
            // The three extract() calls of a function must use one pattern.
            masks.Add(function.Groups["name"].Value, new Regex(Assert.Single(patterns), RegexOptions.CultureInvariant));
        }
        Assert.Equal(["maskAnswerToken", "maskCheckInCode", "maskKey"], masks.Keys.Order(StringComparer.Ordinal));

        var composition = MaskComposition().Match(kql);
        Assert.True(composition.Success, $"No mask function in:\n{kql}");
        var calls = composition.Groups["calls"].Value.Split('(', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("s", calls[^1].TrimEnd(')'));
        var order = calls[..^1].Reverse().Select(name => masks[name]).ToList();

        return text => order.Aggregate(text, (s, pattern) => pattern.Match(s) is { Success: true } m && m.Groups[1].Length > 0
            ? m.Groups[1].Value + "***" + m.Groups[2].Value
            : s);
    }

    [GeneratedRegex(@"^\[format\('(?<format>(?:[^']|'')*)', variables\('(?<variable>[^']+)'\)\)\]$", RegexOptions.Singleline)]
    private static partial Regex FormatExpression();

    [GeneratedRegex("""let (?<name>\w+) = \(s: string\) \{ iif\(isempty\(extract\(@"(?<pattern>(?:[^"]|"")*)", 1, s\)\), s, strcat\(extract\(@"(?<pattern>(?:[^"]|"")*)", 1, s\), "\*\*\*", extract\(@"(?<pattern>(?:[^"]|"")*)", 2, s\)\)\) \};""")]
    private static partial Regex MaskFunction();

    [GeneratedRegex(@"let mask = \(s: string\) \{ (?<calls>[\w()]+) \};")]
    private static partial Regex MaskComposition();
}
