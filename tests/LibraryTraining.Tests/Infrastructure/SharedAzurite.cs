using LibraryTraining.Local;
using LibraryTraining.Local.Storage;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run, on free ports with its own data folder under .local/, started
/// on first use and stopped when the test process ends (its watchdog stops it even on a crash).
/// Tests isolate themselves by using their own programme ids and task hubs.
/// </summary>
public static class SharedAzurite
{
    static readonly Lazy<Task<Azurite>> Instance = new(StartAsync);

    public static string DataFolder { get; } = Path.Combine(RepoPaths.LocalData, "test-runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");

    public static Task<Azurite> GetAsync() => Instance.Value;

    public static async Task<string> ConnectionStringAsync() => (await GetAsync()).ConnectionString;

    static async Task<Azurite> StartAsync()
    {
        var azurite = await Azurite.StartAsync(Path.Combine(DataFolder, "azurite"), preferredBlobPort: Azurite.FreePort());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
            TryDelete(DataFolder);
        };
        return azurite;
    }

    static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run's cleanup; .local/ is ignored by git.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
