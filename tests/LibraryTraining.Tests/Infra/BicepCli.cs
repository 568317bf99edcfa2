using System.Diagnostics;
using System.Reflection;

namespace LibraryTraining.Tests.Infra;

public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything the CLI printed besides a compiled template: diagnostics, warnings, errors.</summary>
    public string Diagnostics(bool includeStandardOutput) =>
        (includeStandardOutput ? this.StandardOutput + this.StandardError : this.StandardError).Trim();
}

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which the test project
/// fetches with PackageDownload. Its path comes from the assembly metadata the project writes.
/// </summary>
public static class BicepCli
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Path { get; } = Locate();

    public static BicepRun Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}.");
        }
        return new BicepRun(process.ExitCode, output, error.GetAwaiter().GetResult());
    }

    static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepCli")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not at '{path}'. Restore the test project: it downloads Azure.Bicep.CommandLine.linux-x64.");
        }
        // NuGet extracts packages without the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }
        return path;
    }
}
