using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Local.Storage;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Faults;

/// <summary>
/// Azurite stopped in the middle of a programme and started again on the same data: the runner,
/// left running, recovers on its own and the programme finishes with every email sent once.
/// Behind LIBRARYTRAINING_FAULT_TESTS=1: it passed in two of three full CI runs here and once timed
/// out after 6 minutes without recovering, which is still being investigated (see the issue note).
/// </summary>
public sealed class StorageOutageTests
{
    [FaultTestFact]
    public async Task AzuriteRestartedMidProgramme_TheRunnerRecoversOnItsOwn()
    {
        var folder = Path.Combine(SharedAzurite.DataFolder, $"outage-{Guid.NewGuid():N}");
        var azurite = await Azurite.StartAsync(folder, Azurite.FreePort());
        var blobPort = azurite.BlobPort;
        var connection = azurite.ConnectionString;
        try
        {
            await using var runner = new RunnerProcess(connection, TestSettings.NewTaskHub("outage"));
            await runner.StartAsync();
            var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(7), TimeSpan.FromDays(5), clockSpeed: 20_000);
            var created = await runner.Http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var storage = new StorageTables(new Azure.Data.Tables.TableServiceClient(connection), new Azure.Storage.Blobs.BlobServiceClient(connection));
            var outbox = new OutboxMailSender(storage, TimeProvider.System);
            await Until(async () => (await outbox.ReadAsync(id, default)).Count(m => m.Kind == "invitation") == 22, 60);

            // The outage: storage disappears for five seconds while the programme waits on its timers.
            await azurite.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            azurite = await Azurite.StartAsync(folder, blobPort);
            Assert.Equal(blobPort, azurite.BlobPort);

            await Until(async () =>
            {
                try
                {
                    return (await runner.GetAsync<JsonElement>($"api/programmes/{id}")).GetProperty("phase").GetString() == "completed";
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, 360);
            var mails = await outbox.ReadAsync(id, default);
            Assert.Equal(22, mails.Count(m => m.Kind == "invitation"));
            // The outage can push the first reminder so late that the second falls inside the 12-hour
            // rule: everyone is reminded at least once, and nobody twice within 12 hours.
            Assert.Equal(22, mails.Where(m => m.Kind == "reminder").Select(m => m.To).Distinct().Count());
            Assert.Equal(mails.Count, mails.Select(m => (m.Kind, m.To, m.Subject)).Distinct().Count());
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    static async Task Until(Func<Task<bool>> condition, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(500);
        }
    }
}
