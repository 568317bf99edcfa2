using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LibraryTraining.Local.Storage;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// One instance of the app under the real Functions host (../shared/tools/functions-host/run): the host
/// process and the isolated worker it starts. It can be stopped as scale-in stops it (SIGTERM, then the
/// host shuts the worker down) or killed as a crash kills it (SIGKILL to the host and the worker).
/// </summary>
public sealed class RealHostInstance : IAsyncDisposable
{
    const int MaxOutputLines = 4000;
    readonly string app;
    readonly IReadOnlyDictionary<string, string> settings;
    readonly string secretsFolder;
    Process? host;
    Process? watchdog;

    public RealHostInstance(string name, string app, IReadOnlyDictionary<string, string> settings, string dataFolder)
    {
        this.Name = name;
        this.app = app;
        this.Port = Azurite.FreePort();
        this.secretsFolder = Path.Combine(dataFolder, $"{name}-secrets-{this.Port}");
        var own = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            // Each instance's links point at itself; in Azure this is the app's one public address.
            ["LIBRARYTRAINING_PUBLIC_BASE_URL"] = $"http://127.0.0.1:{this.Port}",
        };
        this.settings = own;
        this.Address = new Uri($"http://127.0.0.1:{this.Port}/");
        this.Http = new HttpClient { BaseAddress = this.Address, Timeout = TimeSpan.FromSeconds(30) };
        this.Http.DefaultRequestHeaders.Add("x-functions-key", RealHostInstances.OrganiserKey);
    }

    public string Name { get; }
    public int Port { get; }
    public Uri Address { get; }
    public HttpClient Http { get; }
    public bool Running => this.host is { HasExited: false };
    public TimeSpan LastStart { get; private set; }

    /// <summary>The host's and the worker's output (both reach the host's standard output), the last lines only.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public async Task StartAsync()
    {
        if (this.Running)
        {
            throw new InvalidOperationException($"{this.Name} is already running.");
        }
        Directory.CreateDirectory(this.secretsFolder);
        this.host?.Dispose();
        this.watchdog?.Dispose();
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("bash", [Path.Combine(PublishedApp.HostFolder, "run"), this.app, this.Port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        HostProcessEnvironment.Clean(info);
        foreach (var (name, value) in this.settings)
        {
            info.Environment[name] = value;
        }
        info.Environment["FUNCTIONS_HOST_KEY"] = RealHostInstances.OrganiserKey;
        info.Environment["FUNCTIONS_SECRETS_PATH"] = this.secretsFolder;
        // `run` ends in exec: this process becomes the host, and the worker is its child.
        this.host = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {this.Name}.");
        this.host.OutputDataReceived += (_, e) => this.Keep(e.Data);
        this.host.ErrorDataReceived += (_, e) => this.Keep(e.Data);
        this.host.BeginOutputReadLine();
        this.host.BeginErrorReadLine();
        this.watchdog = StartWatchdog(this.host.Id);
        this.Keep($"--- {this.Name} started on port {this.Port} (pid {this.host.Id})");

        // About 7 s on an idle 2-core machine; much longer when other builds and tests share it.
        var until = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (this.host.HasExited)
            {
                throw new InvalidOperationException($"{this.Name} exited while starting (code {this.host.ExitCode}).\n{this.Tail(60)}");
            }
            if (DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"{this.Name} did not answer HTTP within 120 s.\n{this.Tail(60)}");
            }
            try
            {
                using var response = await this.Http.GetAsync(new Uri("api/programmes", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        this.LastStart = clock.Elapsed;
        this.Keep($"--- {this.Name} answered HTTP after {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Scale-in: SIGTERM to the host, which drains requests and stops the worker; waits for it to exit.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        if (this.host is not { HasExited: false } running)
        {
            return TimeSpan.Zero;
        }
        var clock = Stopwatch.StartNew();
        this.Keep($"--- {this.Name}: SIGTERM");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{this.Name} did not exit within 60 s of SIGTERM.\n{this.Tail(60)}");
        }
        this.Keep($"--- {this.Name} exited {running.ExitCode} after {clock.Elapsed.TotalSeconds:F1} s");
        return clock.Elapsed;
    }

    /// <summary>A crash: SIGKILL to the host and its worker at once; nothing gets to flush or hand over.</summary>
    public async Task KillAsync()
    {
        if (this.host is { HasExited: false } running)
        {
            this.Keep($"--- {this.Name}: SIGKILL (host and worker)");
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }
    }

    public string Tail(int lines) => string.Join('\n', this.Output.TakeLast(lines).Select(l => $"[{this.Name}] {l}"));

    void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        this.Output.Enqueue(line);
        while (this.Output.Count > MaxOutputLines && this.Output.TryDequeue(out _))
        {
        }
    }

    /// <summary>If the test process dies (a killed test run), the host is stopped rather than left running.</summary>
    static Process StartWatchdog(int hostPid)
    {
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do kill -0 {hostPid} 2>/dev/null || exit 0; sleep 1; done; " +
            $"kill -0 {hostPid} 2>/dev/null || exit 0; kill -TERM {hostPid}; sleep 15; pkill -KILL -P {hostPid}; kill -KILL {hostPid} 2>/dev/null";
        return Process.Start(new ProcessStartInfo("bash", ["-c", script]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start the host's watchdog.");
    }

    public async ValueTask DisposeAsync()
    {
        await this.KillAsync();
        if (this.watchdog is { HasExited: false } watching)
        {
            watching.Kill();
        }
        this.host?.Dispose();
        this.watchdog?.Dispose();
        this.Http.Dispose();
    }
}
