namespace LibraryTraining.Tests.Infra;

/// <summary>CI gate: the infrastructure compiles and passes every linter rule (bicepconfig.json makes them errors).</summary>
[Collection(InfraTests.Name)]
public sealed class BicepTests(CompiledTemplate template)
{
    [Fact]
    public void Build_MainBicep_SucceedsWithoutDiagnostics()
    {
        Assert.True(template.Build.ExitCode == 0, $"bicep build failed:\n{template.Build.StandardError}");
        Assert.Equal("", template.Build.Diagnostics(includeStandardOutput: false));
        // azd deploys main.bicep at subscription scope, creating the resource group itself.
        Assert.Contains("subscriptionDeploymentTemplate.json", (string?)template.Root["$schema"], StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_MainBicep_ReportsNothing()
    {
        var lint = BicepCli.Run("lint", CompiledTemplate.MainBicep);

        Assert.True(lint.ExitCode == 0, $"bicep lint failed:\n{lint.Diagnostics(includeStandardOutput: true)}");
        Assert.Equal("", lint.Diagnostics(includeStandardOutput: true));
    }
}
