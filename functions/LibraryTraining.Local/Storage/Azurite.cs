using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LibraryTraining.Local.Storage;


/// <summary>
/// Azurite, the Azure Storage emulator, as a child process on 127.0.0.1. Installed from npm on first
/// use into tools/azurite. A small shell watchdog ends it if this process dies, even by SIGKILL, so a
/// crashed runner never leaves storage running with its ports taken.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string DevAccount = "devstoreaccount1";
    // Azurite's published development key: not a secret.
    public const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly Process process;

    Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.BlobPort = blobPort;
        this.QueuePort = queuePort;
        this.TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }
    public int ProcessId => this.process.Id;
    public bool HasExited => this.process.HasExited;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
        $"BlobEndpoint=http://127.0.0.1:{this.BlobPort}/{DevAccount};" +
        $"QueueEndpoint=http://127.0.0.1:{this.QueuePort}/{DevAccount};" +
        $"TableEndpoint=http://127.0.0.1:{this.TablePort}/{DevAccount};";

    /// <summary>Installs Azurite if needed, then starts it on the given ports, or on free ones when they are taken.</summary>
    public static async Task<Azurite> StartAsync(string dataFolder, int preferredBlobPort = 10000, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var script = await AzuriteInstall.EnsureAsync(progress, cancellationToken);
        Directory.CreateDirectory(dataFolder);
        var ports = PortsFrom(preferredBlobPort);
        var command = $"node '{script}' --silent --location '{dataFolder}' --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 " +
            $"--blobPort {ports[0]} --queuePort {ports[1]} --tablePort {ports[2]} --disableTelemetry --skipApiVersionCheck --loose";
        var watchdog = $"{command} & child=$!; trap 'kill $child 2>/dev/null' EXIT TERM INT; " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done";
        var info = new ProcessStartInfo("bash", ["-c", watchdog])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) { progress?.Invoke($"azurite: {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, ports[0], ports[1], ports[2]);
        await azurite.WaitUntilListeningAsync(cancellationToken);
        return azurite;
    }

    async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { this.BlobPort, this.QueuePort, this.TablePort })
        {
            while (true)
            {
                if (this.process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited at start (code {this.process.ExitCode}). Is Node.js 20 or later installed?");
                }
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
    }

    static int[] PortsFrom(int preferred)
    {
        var wanted = new[] { preferred, preferred + 1, preferred + 2 };
        return wanted.All(IsFree) ? wanted : [FreePort(), FreePort(), FreePort()];
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Stops Azurite gracefully (SIGTERM), so it writes its data file before it exits: a SIGKILL would
    /// lose the last seconds of writes, durable timers and queue messages among them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            using (var terminate = Process.Start(new ProcessStartInfo("kill", ["-TERM", this.process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await terminate!.WaitForExitAsync();
            }
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await this.process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                this.process.Kill(entireProcessTree: true);
                await this.process.WaitForExitAsync();
            }
        }
        this.process.Dispose();
    }
}

/// <summary>
/// Installs Azurite from npm into tools/azurite (pinned by its package-lock.json), once, through
/// tools/azurite/install.sh; if the build already started it in the background, this waits for it.
/// </summary>
public static class AzuriteInstall
{
    static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> EnsureAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepoPaths.Root, "tools", "azurite");
        var script = Path.Combine(folder, "node_modules", "azurite", "dist", "src", "azurite.js");
        var installed = Path.Combine(folder, "node_modules", ".installed");
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(installed))
            {
                return script;
            }
            progress?.Invoke("Installing Azurite from npm (first run only, about a minute)...");
            using var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(folder, "install.sh")]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("Could not run bash to install Azurite.");
            await install.WaitForExitAsync(cancellationToken);
            if (!File.Exists(installed) || !File.Exists(script))
            {
                var log = Path.Combine(folder, ".install.log");
                var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(15)) : "";
                throw new InvalidOperationException($"npm ci in {folder} failed. Is Node.js 20 with npm installed and the npm registry reachable?\n{tail}");
            }
            return script;
        }
        finally
        {
            Gate.Release();
        }
    }
}
