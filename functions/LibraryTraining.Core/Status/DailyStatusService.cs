using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Status;

/// <summary>
/// The organisers' daily status: which programmes are due, what each one's status says, and handing
/// it to the mail sender exactly once per organiser per programme-local day.
/// </summary>
/// <remarks>
/// Three guards make "exactly once" hold when the timer fires twice, late, or after a restart:
/// the day's row in <see cref="DailyStatusLedger"/> is claimed before anything is composed (one firing
/// wins); each mail is keyed <c>daily-status|{day}|{organiser}</c> in the MailLedger, so a status
/// handed over just before a crash is not handed over again; and only today's status is ever due.
/// A status sent on request (<see cref="SendNowAsync"/>) is keyed apart and does not count as the day's.
/// </remarks>
public sealed class DailyStatusService(ProgrammeStore programmes, DailyStatusLedger ledger, MailDispatcher dispatcher,
    IMediaCounts media, PublicLinks links, TimeProvider time, ILogger<DailyStatusService> logger)
{
    /// <summary>Programmes in flight at once: each is a few small round trips, so latency, not work, sets the pace.</summary>
    const int Parallelism = 32;

    public sealed record Outcome(int ProgrammesChecked, int ProgrammesDue, int Sent, int Failed);

    public sealed record SentNow(int Sent, IReadOnlyList<string> Recipients);

    /// <summary>
    /// What the timer runs: every active programme whose status time has passed today and whose status
    /// has not gone yet gets it now. Reads one index partition, then each programme's own partitions.
    /// </summary>
    public async Task<Outcome> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidates = await this.CandidatesAsync(now, cancellationToken);
        int due = 0, sent = 0, failed = 0;
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                var result = await this.SendDueAsync(id, now, ct);
                if (result is { } count)
                {
                    Interlocked.Increment(ref due);
                    Interlocked.Add(ref sent, count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One programme's trouble must not hold up the others' status; its claim was given back.
                Interlocked.Increment(ref failed);
                logger.LogError(e, "Daily status for programme {ProgrammeId} failed; the next firing tries again", id);
            }
        });
        return new Outcome(candidates.Count, due, sent, failed);
    }

    /// <summary>One programme's daily status if it is due: the number of mails handed over, or null when not due.</summary>
    public async Task<int?> SendDueAsync(string programmeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null || StatusSchedule.DueDay(programme, now) is not { } day)
        {
            return null;
        }
        if (await ledger.TryClaimAsync(programmeId, day, cancellationToken) is not { } claim)
        {
            return null;
        }
        try
        {
            var report = await this.BuildAsync(programme, now, ledger.LastAsync(programmeId, cancellationToken), cancellationToken);
            var purpose = "daily-status|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sent = await dispatcher.SendAsync(this.Mails(report, purpose), cancellationToken);
            await ledger.MarkSentAsync(claim, now, programme.Organisers.Count, cancellationToken);
            return sent;
        }
        catch
        {
            await ledger.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The organiser's "send it now": today's status to every organiser at once. It is keyed by the
    /// request (a retried or double-clicked request sends once) and is not the day's scheduled status,
    /// which still goes at the status time; its changes count from the last scheduled status too.
    /// </summary>
    public async Task<SentNow?> SendNowAsync(string programmeId, string requestId, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var report = await this.BuildAsync(programme, now, ledger.LastAsync(programmeId, cancellationToken), cancellationToken);
        var sent = await dispatcher.SendAsync(this.Mails(report, "daily-status|now-" + requestId), cancellationToken);
        return new SentNow(sent, programme.Organisers.Select(o => o.Email).ToList());
    }

    /// <summary>The status as of now, for the dashboard or a test; nothing is sent or recorded.</summary>
    public Task<StatusReport> ReportAsync(Programme programme, DateTimeOffset asOf, DateTimeOffset? lastStatus, CancellationToken cancellationToken) =>
        this.BuildAsync(programme, asOf, Task.FromResult(lastStatus), cancellationToken);

    async Task<StatusReport> BuildAsync(Programme programme, DateTimeOffset asOf, Task<DateTimeOffset?> last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        // Independent reads of the programme's partitions, side by side.
        var roster = programmes.ParticipantsAsync(programme.Id, StatusColumns, cancellationToken);
        var counts = media.CountAsync(programme, cancellationToken);
        return StatusReport.Build(programme, await roster, await counts, asOf, await last);
    }

    /// <summary>The columns a status shows: the roster is one range query of the programme's partition, without the rest.</summary>
    static readonly string[] StatusColumns =
        ["PartitionKey", "RowKey", "Name", "Email", "Site", "Language", "Status", "InvitedAt", "AnsweredAt", "DeclineReason", "LastRemindedAt", "Removed", "Bounced", "OfferExpiresAt", "WaitlistSeq", "AnswerVersion"];

    /// <summary>The last daily status's "as of" time, or null before the first one.</summary>
    public Task<DateTimeOffset?> LastSentAsync(string programmeId, CancellationToken cancellationToken) =>
        ledger.LastAsync(programmeId, cancellationToken);

    List<OutgoingMail> Mails(StatusReport report, string purpose) =>
        report.Programme.Organisers
            .Select(organiser =>
            {
                var mail = StatusComposer.DailyStatus(report, organiser, links.Dashboard(report.Programme.Id));
                return new OutgoingMail
                {
                    Kind = MailKind.DailyStatus,
                    ProgrammeId = report.Programme.Id,
                    To = organiser.Email,
                    ToName = organiser.Name,
                    Subject = mail.Subject,
                    Html = mail.Html,
                    Text = mail.Text,
                    IdempotencyKey = $"{purpose}|o-{ParticipantIds.For(organiser.Email)}",
                };
            })
            .ToList();

    Task<IReadOnlyList<string>> CandidatesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        programmes.RunningAsync(now, cancellationToken);

}
