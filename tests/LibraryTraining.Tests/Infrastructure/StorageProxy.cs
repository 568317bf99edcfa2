using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LibraryTraining.Local.Storage;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of Azurite's blob, queue and table ports, so a test can cut storage
/// off at an exact moment: <see cref="Cut"/> resets every open connection, requests in flight
/// included, and refuses new ones until <see cref="Restore"/>. Stopping Azurite itself is graceful
/// (it finishes what it is serving and saves its data), so it cannot cut a request half-way.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    readonly (int Listen, int Target)[] routes;
    readonly ConcurrentDictionary<TcpClient, byte> open = new();
    readonly CancellationTokenSource stopping = new();
    readonly Lock gate = new();
    List<TcpListener> listeners = [];

    public StorageProxy(Azurite azurite)
    {
        this.routes = [(Azurite.FreePort(), azurite.BlobPort), (Azurite.FreePort(), azurite.QueuePort), (Azurite.FreePort(), azurite.TablePort)];
        this.Restore();
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.DevAccount};AccountKey={Azurite.DevKey};" +
        $"BlobEndpoint=http://127.0.0.1:{this.routes[0].Listen}/{Azurite.DevAccount};" +
        $"QueueEndpoint=http://127.0.0.1:{this.routes[1].Listen}/{Azurite.DevAccount};" +
        $"TableEndpoint=http://127.0.0.1:{this.routes[2].Listen}/{Azurite.DevAccount};";

    /// <summary>Storage is gone: open connections are reset and new ones refused.</summary>
    public void Cut()
    {
        lock (this.gate)
        {
            foreach (var listener in this.listeners)
            {
                listener.Stop();
            }
            this.listeners = [];
        }
        foreach (var client in this.open.Keys)
        {
            try
            {
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0); // RST, as a vanished server would
                }
                client.Close();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
            }
        }
    }

    /// <summary>Storage is back on the same addresses.</summary>
    public void Restore()
    {
        lock (this.gate)
        {
            foreach (var (listen, target) in this.routes)
            {
                var listener = new TcpListener(IPAddress.Loopback, listen);
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Start();
                this.listeners.Add(listener);
                _ = this.AcceptAsync(listener, target);
            }
        }
    }

    async Task AcceptAsync(TcpListener listener, int target)
    {
        while (!this.stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(this.stopping.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // cut or disposed
            }
            _ = this.RelayAsync(inbound, target);
        }
    }

    async Task RelayAsync(TcpClient inbound, int target)
    {
        var outbound = new TcpClient();
        this.open[inbound] = 0;
        this.open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, target, this.stopping.Token);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(this.stopping.Token);
            var up = inbound.GetStream().CopyToAsync(outbound.GetStream(), both.Token);
            var down = outbound.GetStream().CopyToAsync(inbound.GetStream(), both.Token);
            await Task.WhenAny(up, down);
            await both.CancelAsync();
        }
        catch (Exception)
        {
            // A cut, a refused connection or an ended one: both sides close below.
        }
        finally
        {
            this.open.TryRemove(inbound, out _);
            this.open.TryRemove(outbound, out _);
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        this.stopping.Cancel();
        this.Cut();
        this.stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
