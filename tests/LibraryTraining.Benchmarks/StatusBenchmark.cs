using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using LibraryTraining.Configuration;
using LibraryTraining.Local;
using LibraryTraining.Local.Demo;
using LibraryTraining.Local.Storage;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Status;
using LibraryTraining.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Benchmarks;

/// <summary>
/// The daily status timer's work for <c>programmes</c> active programmes of <c>participants</c> each, on a
/// fresh Azurite: from the timer's call to the last status handed to the mail sender. The real service,
/// composer, ledgers and storage run; only the sender records instead of delivering. Every table request
/// is inspected: a query whose filter does not name a PartitionKey is a scan, and is counted.
/// Three status mornings are measured (each a full run: every programme due), then a repeat firing.
/// </summary>
public static class StatusBenchmark
{
    public sealed record Result(int Programmes, int ParticipantsEach, double[] SecondsPerMorning, double SecondsRepeatFiring,
        int MailsHandedOverPerMorning, int TableRequestsPerMorning, int TableScans, int ProgrammesChecked);

    public static async Task<Result> RunAsync(int programmes, int participants, Action<string> log)
    {
        var data = Path.Combine(RepoPaths.LocalData, "benchmarks", $"status-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        await using var azurite = await Azurite.StartAsync(Path.Combine(data, "azurite"), Azurite.FreePort());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.Storage] = azurite.ConnectionString,
            [AppSettings.MailMode] = "outbox",
            [AppSettings.LinkSecret] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }).Build();
        var audit = new TableAudit();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(audit, HttpPipelinePosition.PerCall);
        var sender = new CountingSender();
        // 10:00 in Bangkok; the first status morning is the next day's 07:00.
        var created = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(3), TimeSpan.Zero);
        var clock = new FixedClock { Now = created };
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IMailSender>(sender)
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(new StorageTables(new TableServiceClient(azurite.ConnectionString, tableOptions), new BlobServiceClient(azurite.ConnectionString)))
            .AddLibraryTraining(configuration)
            .BuildServiceProvider();

        var setup = Stopwatch.StartNew();
        var store = services.GetRequiredService<ProgrammeStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, programmes), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var request = DemoProgramme.SeedRequest(created) with
            {
                ClockSpeed = null,
                Organisers =
                [
                    new OrganiserRequest { Name = "กองการศึกษา", Email = $"education{n}@example.org", Language = "th" },
                    new OrganiserRequest { Name = "Training office", Email = $"training{n}@example.org", Language = "en" },
                ],
                Participants = Enumerable.Range(0, participants).Select(i => new ParticipantRequest
                {
                    Name = $"ผู้เข้าร่วม {n}-{i}",
                    Email = $"p{n:D3}-{i:D5}@example.org",
                    Role = i % 3 == 0 ? "assistant-librarian" : "teacher-librarian",
                    Site = $"ห้องสมุด {i % 12}",
                    Language = i % 5 == 0 ? "en" : "th",
                }).ToList(),
                Quotas = [],
                Capacity = participants / 2,
            };
            var result = ProgrammeValidator.Validate(request, $"bench{n:D3}", created);
            if (!result.IsValid)
            {
                throw new InvalidOperationException(string.Join("; ", result.Problems));
            }
            // A realistic mix: a third accepted, some declined with a reason, a few waitlisted, offered, bounced, reminded.
            var roster = result.Participants.Select((p, i) => (i % 10) switch
            {
                0 or 1 or 2 => p with { Status = AnswerStatus.Accepted, InvitedAt = created, AnsweredAt = created.AddHours(1 + i % 30) },
                3 => p with { Status = AnswerStatus.Declined, InvitedAt = created, AnsweredAt = created.AddHours(2), DeclineReason = "ติดราชการ" },
                4 when i % 20 == 4 => p with { Status = AnswerStatus.Offered, InvitedAt = created, AnsweredAt = created.AddHours(3), OfferExpiresAt = created.AddHours(30) },
                4 => p with { Status = AnswerStatus.Waitlisted, InvitedAt = created, AnsweredAt = created.AddHours(3), WaitlistSeq = i },
                5 => p with { Status = AnswerStatus.Invited, InvitedAt = created, Bounced = i % 50 == 5 },
                _ => p with { Status = AnswerStatus.Invited, InvitedAt = created, LastRemindedAt = i % 2 == 0 ? created.AddHours(2) : null },
            }).ToList();
            await store.CreateAsync(result.Programme!, roster, ct);
        });
        log($"setup: {programmes} programmes of {participants} participants stored in {setup.Elapsed.TotalSeconds:0.0} s");

        var status = services.GetRequiredService<DailyStatusService>();
        // The hourly timer has run before the status hour: 06:01 in Bangkok, nothing due yet (and the process is warm).
        clock.Now = new DateTimeOffset(created.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddHours(-1).AddMinutes(1);
        var early = Stopwatch.StartNew();
        var none = await status.SendDueAsync(default);
        log($"06:01 firing: {none.ProgrammesChecked} programmes checked, {none.ProgrammesDue} due, in {early.Elapsed.TotalSeconds:0.00} s");
        var mornings = new List<double>();
        var requests = 0;
        var mails = 0;
        var checkedCount = 0;
        for (var day = 1; day <= 3; day++)
        {
            // 00:01 UTC is 07:01 in Bangkok: every programme's status is due.
            clock.Now = new DateTimeOffset(created.UtcDateTime.Date.AddDays(day), TimeSpan.Zero).AddMinutes(1);
            var before = audit.Requests;
            var handed = sender.Count;
            var watch = Stopwatch.StartNew();
            var outcome = await status.SendDueAsync(default);
            watch.Stop();
            mornings.Add(watch.Elapsed.TotalSeconds);
            requests = audit.Requests - before;
            mails = sender.Count - handed;
            checkedCount = outcome.ProgrammesChecked;
            log($"morning {day}: {outcome.ProgrammesDue} programmes due, {mails} statuses handed over in {watch.Elapsed.TotalSeconds:0.00} s; {requests} table requests, {audit.Scans} scans so far; failed {outcome.Failed}");
        }
        var again = Stopwatch.StartNew();
        var repeat = await status.SendDueAsync(default);
        again.Stop();
        log($"repeat firing the same morning: {repeat.Sent} handed over in {again.Elapsed.TotalSeconds:0.00} s");
        // Where the time goes: the roster reads alone (10,000 rows from Azurite), as the timer does them.
        var rosters = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, programmes), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (n, ct) => await store.ParticipantsAsync($"bench{n:D3}", ct));
        log($"the {programmes} roster reads alone: {rosters.Elapsed.TotalSeconds:0.00} s");
        // And the computing alone, with the rosters in memory: report and both organisers' emails, for every programme.
        var loaded = new List<(Programme Programme, IReadOnlyList<Participant> Roster)>();
        for (var n = 0; n < programmes; n++)
        {
            loaded.Add(((await store.FindAsync($"bench{n:D3}", default))!, await store.ParticipantsAsync($"bench{n:D3}", default)));
        }
        var compute = Stopwatch.StartNew();
        var bytes = 0L;
        foreach (var (programme, roster) in loaded)
        {
            var report = StatusReport.Build(programme, roster, MediaCounts.None, clock.Now, clock.Now.AddDays(-1));
            foreach (var organiser in programme.Organisers)
            {
                bytes += StatusComposer.DailyStatus(report, organiser, new Uri("https://example.org/")).Html.Length;
            }
        }
        log($"computing alone (reports and {programmes * 2} emails, {bytes / 1024} KiB of HTML): {compute.Elapsed.TotalSeconds:0.00} s");
        foreach (var scan in audit.ScanUris.Take(5))
        {
            log("  SCAN: " + scan);
        }
        return new Result(programmes, participants, mornings.ToArray(), again.Elapsed.TotalSeconds, mails, requests, audit.Scans, checkedCount);
    }

    sealed class FixedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => this.Now;
    }

    sealed class CountingSender : IMailSender
    {
        int count;

        public int Count => this.count;

        public Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref this.count, batch.Count);
            return Task.CompletedTask;
        }
    }

    /// <summary>Counts table requests, and those that read rows without naming a partition (scans).</summary>
    sealed class TableAudit : HttpPipelineSynchronousPolicy
    {
        int requests;
        int scans;

        public int Requests => this.requests;
        public int Scans => this.scans;
        public ConcurrentQueue<string> ScanUris { get; } = new();

        public override void OnSendingRequest(HttpMessage message)
        {
            Interlocked.Increment(ref this.requests);
            var uri = message.Request.Uri.ToUri();
            var path = Uri.UnescapeDataString(uri.AbsolutePath);
            var query = Uri.UnescapeDataString(uri.Query);
            // GET /{table}() is a query; GET /{table}(PartitionKey='..',RowKey='..') is a point read.
            var isQuery = message.Request.Method == RequestMethod.Get && path.EndsWith("()", StringComparison.Ordinal) && !path.EndsWith("/Tables()", StringComparison.Ordinal);
            if (isQuery && !query.Contains("PartitionKey eq", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref this.scans);
                this.ScanUris.Enqueue(path + query);
            }
        }
    }
}
