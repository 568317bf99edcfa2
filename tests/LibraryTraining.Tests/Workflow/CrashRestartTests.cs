using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Workflow;

/// <summary>
/// Durability on the Azure Storage Durable provider on Azurite: the runner is killed with SIGKILL in
/// the middle of an accelerated programme and started again; nothing is lost and nothing is sent twice.
/// </summary>
public sealed class CrashRestartTests
{
    [Fact]
    public async Task RunnerKilledTwiceMidProgramme_ResumesAndFinishes_WithNoEmailLostOrDuplicated()
    {
        var storage = await SharedAzurite.ConnectionStringAsync();
        await using var runner = new RunnerProcess(storage, TestSettings.NewTaskHub("crash"));
        await runner.StartAsync();

        // About 9 programme days from creation to wrap-up at 10,000×: roughly 80 s of wall time. Faster
        // clocks left the first reminder (about 2 programme days after the invitations) too close behind
        // them: on a busy machine the test's answers below were sometimes written after it.
        var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(7), TimeSpan.FromDays(5), clockSpeed: 10_000);
        var created = await runner.Http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var store = new ProgrammeStore(new StorageTables(new Azure.Data.Tables.TableServiceClient(storage), new Azure.Storage.Blobs.BlobServiceClient(storage)));
        var outbox = new OutboxMailSender(new StorageTables(new Azure.Data.Tables.TableServiceClient(storage), new Azure.Storage.Blobs.BlobServiceClient(storage)), TimeProvider.System);
        await Poll.UntilAsync(async () => (await outbox.ReadAsync(id, default)).Count(m => m.Kind == "invitation") == 22, "22 invitations sent");

        // Half accept straight away, as participants answering the invitation would.
        var roster = (await store.ParticipantsAsync(id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var accepted = roster.Take(11).ToList();
        await store.SaveParticipantsAsync(id, accepted.Select(p => p with { Status = AnswerStatus.Accepted }), default);

        // Crash during enrolment, and again around the programme days.
        await Task.Delay(TimeSpan.FromSeconds(12));
        await runner.KillAsync();
        await runner.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(24));
        await runner.KillAsync();
        await runner.StartAsync();

        await Poll.UntilAsync(() => runner.GetAsync<JsonElement>($"api/programmes/{id}"),
            view => view.GetProperty("phase").GetString() == "completed", "the programme to complete", seconds: 360,
            describe: view => view.GetProperty("phase").GetString() + " " + (view.TryGetProperty("nextStep", out var next) ? next.ToString() : ""));

        var mails = await outbox.ReadAsync(id, default);
        OutboxChecks.EachKeyOnce(mails);
        string[] Recipients(string kind) => mails.Where(m => m.Kind == kind).Select(m => m.ParticipantId!).Order(StringComparer.Ordinal).ToArray();
        string[] Ids(IEnumerable<Participant> people, int times) => Enumerable.Repeat(people.Select(p => p.Id), times).SelectMany(x => x).Order(StringComparer.Ordinal).ToArray();
        var pending = roster.Skip(11).ToList();

        Assert.Equal(Ids(roster, 1), Recipients("invitation"));

        // Reminders in programme time: exactly once per step each, unless a crash delayed the first to
        // within the 12-hour throttle of the second (printed, so such a run is visible).
        var optional = OutboxChecks.EachPendingRemindedOncePerStep((await store.FindAsync(id, default))!, mails, pending.Select(p => p.Id));
        Console.WriteLine($"CrashRestart: a reminder step was optional {optional} times of {pending.Count * 2}");
        Assert.Equal(Ids(accepted, 1), Recipients("joining-instructions"));
        Assert.Equal(Ids(accepted, 3), Recipients("daily-briefing"));
        Assert.Equal(Ids(accepted, 1), Recipients("thanks"));
        Assert.Equal(3, runner.Starts);
        // Every answer kept.
        Assert.Equal(11, (await store.ParticipantsAsync(id, default)).Count(p => p.Status == AnswerStatus.Accepted));
    }
}
