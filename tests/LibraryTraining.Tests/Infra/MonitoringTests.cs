using System.Text.Json.Nodes;
using LibraryTraining.Configuration;

namespace LibraryTraining.Tests.Infra;

/// <summary>Telemetry reaches Application Insights only signed in with the app's identity.</summary>
[Collection(InfraTests.Name)]
public sealed class MonitoringTests(CompiledTemplate template)
{
    [Fact]
    public void ApplicationInsights_Declared_RefusesIngestionWithoutEntraSignIn()
    {
        var properties = Assert.Single(template.ResourcesOfType("Microsoft.Insights/components"))["properties"]!;

        Assert.True((bool)properties["DisableLocalAuth"]!);
    }

    [Fact]
    public void FunctionApp_Telemetry_SignsInWithTheUserAssignedIdentity()
    {
        var settings = Assert.Single(template.ResourcesOfType("Microsoft.Web/sites/config"),
            c => ((string?)c["name"])?.Contains("appsettings", StringComparison.OrdinalIgnoreCase) == true)["properties"]!.AsObject();

        Assert.True(settings.ContainsKey(AppSettings.ApplicationInsights));
        var authentication = (string?)settings[AppSettings.ApplicationInsightsAuthentication];
        Assert.NotNull(authentication);
        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
        // The same client id the storage connection uses: one identity for everything.
        Assert.Contains("ClientId=", authentication, StringComparison.Ordinal);
        Assert.Contains(ClientIdExpression(settings[$"{AppSettings.Storage}__clientId"]), authentication, StringComparison.Ordinal);
    }

    static string ClientIdExpression(JsonNode? node) =>
        ((string?)node ?? throw new InvalidOperationException("AzureWebJobsStorage__clientId is not set.")).Trim('[', ']').Trim();
}
