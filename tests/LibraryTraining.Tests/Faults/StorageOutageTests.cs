using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Local.Storage;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Faults;

/// <summary>
/// Storage cut off in the middle of a programme, while an activity is writing, and Azurite restarted
/// on the same ports and data: the runner, left running, recovers on its own and the programme
/// finishes with every email sent once.
/// </summary>
public sealed class StorageOutageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    const int Participants = 200;
    /// <summary>From Azurite's return to the programme's end: the steps left need about 30 s of wall time.</summary>
    const int RecoveryBound = 60;

    /// <summary>15 s: longer than the app's storage clients retry, so the activity fails and is retried. About a minute.</summary>
    [Fact]
    public Task AzuriteRestartedMidProgramme_TheRunnerRecoversOnItsOwn() => this.OutageAsync(TimeSpan.FromSeconds(15));

    /// <summary>
    /// 75 s: longer than the Durable provider's own retries of handing back the activity's result and of
    /// abandoning it, the case that hung a programme for good (see OutageTolerantOrchestrationService).
    /// About 1 minute 45.
    /// </summary>
    [FaultTestFact]
    public Task AzuriteAwayLongerThanTheProvidersRetries_TheRunnerRecoversOnItsOwn() => this.OutageAsync(TimeSpan.FromSeconds(75));

    async Task OutageAsync(TimeSpan outageLength)
    {
        var folder = Path.Combine(SharedAzurite.DataFolder, $"outage-{Guid.NewGuid():N}");
        var azurite = await Azurite.StartAsync(folder, Azurite.FreePort());
        var blobPort = azurite.BlobPort;
        var connection = azurite.ConnectionString;
        await using var proxy = new StorageProxy(azurite);
        try
        {
            // The runner reaches storage through the proxy, so the outage can cut it off mid-request.
            await using var runner = new RunnerProcess(proxy.ConnectionString, TestSettings.NewTaskHub("outage"));
            await runner.StartAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(7), TimeSpan.FromDays(5), clockSpeed: 20_000, participants: Participants);
            var created = await runner.Http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var storage = new StorageTables(new Azure.Data.Tables.TableServiceClient(connection), new Azure.Storage.Blobs.BlobServiceClient(connection));
            var outbox = new OutboxMailSender(storage, TimeProvider.System);

            // Storage goes the moment the invitations are in the outbox: the invitation activity is still
            // writing the mail ledger and marking the roster, so it fails, and so does handing its result back.
            var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
            var until = DateTime.UtcNow.AddSeconds(60);
            while (!await AnyAsync(container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = id + "/" })))
            {
                Assert.True(DateTime.UtcNow < until, "no invitations within 60 s");
                await Task.Delay(10);
            }
            // The outage: storage vanishes mid-request, Azurite stops (saving its data), and when the outage
            // is over it is back on the same ports with the same data.
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: invitations out; storage cut off, Azurite stopping");
            var back = Task.Delay(outageLength);
            proxy.Cut();
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await azurite.DisposeAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: Azurite stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
            await back;
            azurite = await Azurite.StartAsync(folder, blobPort);
            Assert.Equal(blobPort, azurite.BlobPort);
            proxy.Restore();
            var restarted = clock.Elapsed;
            output.WriteLine($"{restarted.TotalSeconds:0.0} s: Azurite back");
            string? lastStatus = null;

            await Poll.UntilAsync(async () =>
            {
                try
                {
                    var view = await runner.GetAsync<JsonElement>($"api/programmes/{id}");
                    var status = $"{view.GetProperty("phase").GetString()} {(view.TryGetProperty("nextStep", out var next) ? next.ToString() : "")}";
                    if (status != lastStatus)
                    {
                        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {status}");
                        lastStatus = status;
                    }
                    return view.GetProperty("phase").GetString() == "completed";
                }
                catch (HttpRequestException e)
                {
                    if (lastStatus != e.Message)
                    {
                        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
                        lastStatus = e.Message;
                    }
                    return false;
                }
            }, $"the programme to complete within {RecoveryBound} s of Azurite's return", RecoveryBound, () => output.WriteLine(string.Join('\n', runner.Output.Where(l => !l.StartsWith("   ", StringComparison.Ordinal)).TakeLast(200))));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: completed, {(clock.Elapsed - restarted).TotalSeconds:0.0} s after Azurite came back");
            var recoveries = runner.Output.Where(l => l.Contains("Storage is back", StringComparison.Ordinal)).ToList();
            output.WriteLine($"results handed back once storage returned: {recoveries.Count}");
            foreach (var line in recoveries)
            {
                output.WriteLine(line);
            }
            var mails = await outbox.ReadAsync(id, default);
            OutboxChecks.EachKeyOnce(mails);
            Assert.Equal(Participants, mails.Count(m => m.Kind == "invitation"));
            // Nobody answered: everyone gets each reminder step once, unless the outage delayed one to
            // within the 12-hour throttle (programme time) of the next.
            var programme = (await new ProgrammeStore(storage).FindAsync(id, default))!;
            var roster = await new ProgrammeStore(storage).ParticipantsAsync(id, default);
            var optional = OutboxChecks.EachPendingRemindedOncePerStep(programme, mails, roster.Select(p => p.Id));
            output.WriteLine($"reminder steps made optional by the outage: {optional} of {Participants * 2}");
            // No repeat is EachKeyOnce above; two reminder steps to one person share a subject and are not repeats.
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    static async Task<bool> AnyAsync<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
            return true;
        }
        return false;
    }
}
