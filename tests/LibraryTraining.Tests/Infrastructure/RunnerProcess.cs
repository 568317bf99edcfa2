using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using LibraryTraining.Configuration;
using LibraryTraining.Local.Storage;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// The local runner as its own OS process, so a test can kill it with SIGKILL and start it again on
/// the same storage and task hub, as a crash and a restart would.
/// </summary>
public sealed class RunnerProcess : IAsyncDisposable
{
    public const string OrganiserKey = "crash-test-organiser-key";
    readonly Dictionary<string, string> environment;
    Process? process;

    /// <param name="environment">More settings for the process, or ones to replace the defaults here.</param>
    public RunnerProcess(string storageConnectionString, string taskHub, IReadOnlyDictionary<string, string>? environment = null)
    {
        this.Port = Azurite.FreePort();
        this.DataFolder = Path.Combine(SharedAzurite.DataFolder, $"process-{this.Port}");
        this.environment = new()
        {
            [AppSettings.Storage] = storageConnectionString,
            [AppSettings.TaskHub] = taskHub,
            [AppSettings.OrganiserKey] = OrganiserKey,
            [AppSettings.LinkSecret] = TestSettings.LinkSecret,
            [AppSettings.PublicBaseUrl] = $"http://127.0.0.1:{this.Port}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            this.environment[name] = value;
        }
        this.Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{this.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        this.Http.DefaultRequestHeaders.Add("x-functions-key", OrganiserKey);
    }

    public int Port { get; }
    public string DataFolder { get; }
    public HttpClient Http { get; }
    public int Starts { get; private set; }

    /// <summary>Every line the process wrote, standard output and error, across restarts.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LibraryTraining.Local.dll"), "--port", this.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", this.DataFolder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = LibraryTraining.Local.RepoPaths.Root,
        };
        foreach (var (name, value) in this.environment)
        {
            info.Environment[name] = value;
        }
        this.process = Process.Start(info)!;
        this.process.OutputDataReceived += (_, e) => { if (e.Data is not null) { this.Output.Enqueue(e.Data); } };
        this.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { this.Output.Enqueue(e.Data); } };
        this.process.BeginOutputReadLine();
        this.process.BeginErrorReadLine();
        this.Starts++;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var response = await this.Http.GetAsync("api/programmes");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until && !this.process.HasExited)
            {
            }
            if (this.process.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"The runner did not start (exited: {this.process.HasExited}).");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (this.process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: false);
            await running.WaitForExitAsync();
        }
    }

    public async Task<T?> GetAsync<T>(string path) => await this.Http.GetFromJsonAsync<T>(path, WireNames.Json);

    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        this.process?.Dispose();
        this.Http.Dispose();
    }
}
