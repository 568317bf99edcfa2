using System.Text.RegularExpressions;
using LibraryTraining.Local;
using LibraryTraining.Local.Hosting;
using Microsoft.Azure.Functions.Worker;
using YamlDotNet.RepresentationModel;

namespace LibraryTraining.Tests.Docs;

/// <summary>
/// docs/openapi.yaml against the functions themselves: every HTTP function is described under its route,
/// method and name, nothing described is gone, organiser routes ask for the key, and every $ref resolves.
/// When one fails, update docs/openapi.yaml along with the function.
/// </summary>
public sealed partial class OpenApiTests
{
    static readonly string[] OperationMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    static readonly Lazy<YamlMappingNode> Document = new(Load);

    static YamlMappingNode Root => Document.Value;

    [Fact]
    public void Document_IsOpenApi303_ServedUnderApi()
    {
        Assert.Equal("3.0.3", Scalar(Root, "openapi"));
        var info = Mapping(Root, "info");
        Assert.False(string.IsNullOrWhiteSpace(Scalar(info!, "title")));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(info!, "description")));
        var servers = Assert.IsType<YamlSequenceNode>(Root.Children[new YamlScalarNode("servers")]);
        Assert.Equal("http://127.0.0.1:7071/api", Scalar((YamlMappingNode)servers.Children[0], "url"));
    }

    [Fact]
    public void Paths_EveryHttpFunction_IsDocumentedUnderItsRouteWithItsName()
    {
        var operations = Operations();
        var missing = new List<string>();
        foreach (var function in HttpFunctions())
        {
            foreach (var method in function.HttpMethods)
            {
                var key = (PathOf(function), method.ToLowerInvariant());
                if (!operations.TryGetValue(key, out var operation))
                {
                    missing.Add($"{function.Name}: {key.Item2.ToUpperInvariant()} {key.Item1} is not in docs/openapi.yaml");
                }
                else if (Scalar(operation, "operationId") != function.Name)
                {
                    missing.Add($"{function.Name}: {key.Item2.ToUpperInvariant()} {key.Item1} has operationId '{Scalar(operation, "operationId")}'");
                }
            }
        }
        Assert.True(missing.Count == 0, "Describe these in docs/openapi.yaml:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Paths_EveryDocumentedOperation_IsARealFunction()
    {
        var served = HttpFunctions()
            .SelectMany(f => f.HttpMethods.Select(m => (Path: PathOf(f), Method: m.ToLowerInvariant(), f.Name)))
            .ToHashSet();
        var stale = Operations()
            .Where(o => !served.Contains((o.Key.Path, o.Key.Method, Scalar(o.Value, "operationId") ?? "")))
            .Select(o => $"{o.Key.Method.ToUpperInvariant()} {o.Key.Path} ({Scalar(o.Value, "operationId") ?? "no operationId"})")
            .ToList();
        Assert.True(stale.Count == 0, "docs/openapi.yaml describes operations no function serves:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void OperationIds_AcrossTheDocument_AreUnique()
    {
        var duplicates = Operations().Values
            .Select(o => Scalar(o, "operationId"))
            .GroupBy(id => id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key ?? "(none)")
            .ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Security_OrganiserRoutes_NeedTheKey_AndAnonymousRoutesDeclareNone()
    {
        var schemes = Mapping(Mapping(Root, "components")!, "securitySchemes")!;
        var functionKey = Mapping(schemes, "functionKey")!;
        Assert.Equal(("apiKey", "header", "x-functions-key"), (Scalar(functionKey, "type"), Scalar(functionKey, "in"), Scalar(functionKey, "name")));
        var code = Mapping(schemes, "code")!;
        Assert.Equal(("apiKey", "query", "code"), (Scalar(code, "type"), Scalar(code, "in"), Scalar(code, "name")));

        var operations = Operations();
        var wrong = new List<string>();
        foreach (var function in HttpFunctions())
        {
            var needsKey = function.Http!.AuthLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin or AuthorizationLevel.System;
            foreach (var method in function.HttpMethods)
            {
                if (!operations.TryGetValue((PathOf(function), method.ToLowerInvariant()), out var operation))
                {
                    continue; // reported by Paths_EveryHttpFunction_IsDocumentedUnderItsRouteWithItsName
                }
                var security = operation.Children.TryGetValue(new YamlScalarNode("security"), out var node) ? node as YamlSequenceNode : null;
                if (security is null)
                {
                    wrong.Add($"{function.Name}: declares no security (use security: [] for an anonymous route)");
                    continue;
                }
                var named = security.Children.OfType<YamlMappingNode>()
                    .SelectMany(r => r.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!))
                    .ToHashSet(StringComparer.Ordinal);
                if (needsKey && !(named.Contains("functionKey") && named.Contains("code")))
                {
                    wrong.Add($"{function.Name}: needs the organiser key, so its security must offer functionKey and code");
                }
                if (!needsKey && security.Children.Count > 0)
                {
                    wrong.Add($"{function.Name}: is anonymous, so its security must be []");
                }
                wrong.AddRange(named.Where(n => !schemes.Children.ContainsKey(new YamlScalarNode(n)))
                    .Select(n => $"{function.Name}: security names '{n}', which is not in components/securitySchemes"));
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Parameters_EveryPathTemplateVariable_IsDeclaredInPath()
    {
        var undeclared = new List<string>();
        foreach (var ((path, method), operation) in Operations())
        {
            var declared = Parameters(path, operation)
                .Where(p => Scalar(p, "in") == "path")
                .Select(p => Scalar(p, "name"))
                .ToHashSet(StringComparer.Ordinal);
            undeclared.AddRange(TemplateVariable().Matches(path)
                .Select(m => m.Groups[1].Value)
                .Where(name => !declared.Contains(name))
                .Select(name => $"{method.ToUpperInvariant()} {path}: no path parameter '{name}'"));
        }
        Assert.True(undeclared.Count == 0, string.Join("\n", undeclared));
    }

    [Fact]
    public void Refs_Everywhere_Resolve()
    {
        var refs = new List<string>();
        Collect(Root, refs);
        Assert.NotEmpty(refs);
        var broken = refs.Distinct(StringComparer.Ordinal).Where(r => Resolve(r) is null).ToList();
        Assert.True(broken.Count == 0, "These $ref do not resolve:\n" + string.Join("\n", broken));
    }

    [Theory]
    [InlineData("api/programmes/{id}", "/programmes/{id}")]
    [InlineData("api/programmes/{id:int}", "/programmes/{id}")]
    [InlineData("api/files/{*path}", "/files/{path}")]
    [InlineData("api/items/{id:regex(^[a-z]+$)}/x", "/items/{id}/x")]
    [InlineData("api/items/{id?}", "/items/{id}")]
    public void Normalise_RouteTemplates_BecomeOpenApiPaths(string route, string expected) =>
        Assert.Equal(expected, Normalise(route));

    static IEnumerable<FunctionEntry> HttpFunctions() =>
        FunctionCatalog.Discover().Where(f => f.Trigger == TriggerKind.Http);

    static string PathOf(FunctionEntry function) => Normalise(function.Route);

    /// <summary>"api/x/{id:int}/{*rest}" as the path in the file: "/x/{id}/{rest}".</summary>
    static string Normalise(string route)
    {
        var path = route.StartsWith("api/", StringComparison.Ordinal) ? route["api/".Length..] : route;
        return "/" + RouteVariable().Replace(path, m => "{" + m.Groups[1].Value + "}");
    }

    static Dictionary<(string Path, string Method), YamlMappingNode> Operations()
    {
        var operations = new Dictionary<(string Path, string Method), YamlMappingNode>();
        foreach (var (key, value) in Mapping(Root, "paths")!.Children)
        {
            var path = ((YamlScalarNode)key).Value!;
            foreach (var (methodKey, operation) in ((YamlMappingNode)value).Children)
            {
                var method = ((YamlScalarNode)methodKey).Value!;
                if (OperationMethods.Contains(method))
                {
                    operations[(path, method)] = (YamlMappingNode)operation;
                }
            }
        }
        return operations;
    }

    /// <summary>The operation's parameters and its path item's, with each $ref followed.</summary>
    static IEnumerable<YamlMappingNode> Parameters(string path, YamlMappingNode operation)
    {
        var pathItem = Mapping(Mapping(Root, "paths")!, path)!;
        foreach (var owner in new[] { pathItem, operation })
        {
            if (owner.Children.TryGetValue(new YamlScalarNode("parameters"), out var list) && list is YamlSequenceNode parameters)
            {
                foreach (var parameter in parameters.Children.OfType<YamlMappingNode>())
                {
                    yield return Scalar(parameter, "$ref") is { } reference ? Resolve(reference) as YamlMappingNode ?? parameter : parameter;
                }
            }
        }
    }

    static void Collect(YamlNode node, List<string> refs)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: "$ref" })
                    {
                        refs.Add(value is YamlScalarNode { Value: { } target } ? target : "(not a string)");
                    }
                    else
                    {
                        Collect(value, refs);
                    }
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Collect(child, refs);
                }
                break;
        }
    }

    /// <summary>Follows a local JSON pointer ("#/components/schemas/Id"); null when it leads nowhere.</summary>
    static YamlNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }
        YamlNode? node = Root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var part = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode(part), out var child) => child,
                YamlSequenceNode sequence when int.TryParse(part, out var i) && i >= 0 && i < sequence.Children.Count => sequence.Children[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    static YamlMappingNode? Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;

    static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "docs", "openapi.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    /// <summary>A route parameter with its catch-all star, constraints and optional mark: {*path}, {id:int}, {id?}.</summary>
    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)(?::(?:[^{}]|\{[^{}]*\})*)?\??\}")]
    private static partial Regex RouteVariable();

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex TemplateVariable();
}
