using System.Diagnostics;
using LibraryTraining.Local;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// The Functions app as `dotnet publish` leaves it, the way Azure receives it, published once per test
/// run however many test classes ask; and where the real Functions host (../shared/tools/functions-host) is.
/// </summary>
public static class PublishedApp
{
    // Lazy: test classes run in parallel, and two publishes into one folder would trip over each other.
    static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The real host, built from source beside the repository; the tests skip without it.</summary>
    public static string HostFolder { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "tools", "functions-host"));

    public static bool HostAvailable => File.Exists(Path.Combine(HostFolder, "run"));

    /// <summary>Under the test's own output (ignored by git); the same folder every run, so msbuild only copies what changed.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "host-app");

    public static Task<string> GetAsync() => Published.Value;

    static async Task<string> PublishAsync()
    {
        var project = Path.Combine(RepoPaths.Root, "functions", "LibraryTraining.Functions", "LibraryTraining.Functions.csproj");
        // No build servers or reused nodes: nothing of msbuild outlives the publish on a 2-core machine.
        var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", Folder, "-nologo", "-v", "q", "--disable-build-servers", "-nodeReuse:false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        HostProcessEnvironment.Clean(info);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("dotnet publish of the Functions app took more than 6 minutes.");
        }
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(Folder, "functions.metadata")))
        {
            throw new InvalidOperationException($"dotnet publish of the Functions app failed (exit {process.ExitCode}):\n{await output}\n{await errors}");
        }
        return Folder;
    }
}

/// <summary>What the host's and publish's processes inherit, cleaned of what only this test process wants.</summary>
static class HostProcessEnvironment
{
    public static void Clean(ProcessStartInfo info)
    {
        // test.runsettings raises this for the in-memory Durable host; a host or msbuild that believed it
        // would size thread pools and node counts for 1,024 cores. Azure never sets it.
        info.Environment.Remove("DOTNET_PROCESSOR_COUNT");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    }
}
