using System.Net.Sockets;
using Azure;

namespace LibraryTraining.Storage;

/// <summary>Telling "storage (or the network) is away for now" from a failure that trying again cannot fix.</summary>
public static class StorageFailures
{
    /// <summary>
    /// Storage did not answer, or answered that it is unavailable: refused or reset connections, timeouts,
    /// 408, 429 and 5xx, anywhere in the exception's chain. A conflict, a 404 or a bug is not transient.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            switch (e)
            {
                case RequestFailedException failed when failed.Status is 0 or 408 or 429 or >= 500:
                case HttpRequestException or SocketException or IOException or TimeoutException:
                case TaskCanceledException: // a client's network timeout
                    return true;
            }
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
        return false;
    }
}
