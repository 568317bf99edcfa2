using LibraryTraining.Programmes;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Enrolment;

/// <summary>What one sweep did.</summary>
public sealed record DrainOutcome(int ProgrammesChecked, int RowsDone, int MailsSent, int OffersEnded, int Failed);

/// <summary>
/// The durable half of <see cref="OwedWork"/>: a sweep, run by a timer on whichever instance the
/// platform picks, that does every owed row that has fallen due. A row is due when the instance that
/// decided it did not send its mails in time (it was stopped, or storage or SendGrid failed), or when
/// an offer runs out. The sweep claims the rows, does the work (mails through the ledger, offers ended
/// through the seat book, whose decision owes its own rows in its own transaction) and deletes them.
/// Running it twice at once, or again after a crash part-way, repeats no mail.
/// </summary>
public sealed class OwedWorkDrainer(OwedWork owedWork, ProgrammeStore programmes, SeatBook seats, AnswerMailer mailer, TimeProvider time,
    ILogger<OwedWorkDrainer> logger)
{
    /// <summary>Every programme that may owe work: those not more than two days past their last day.</summary>
    public async Task<DrainOutcome> DrainAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ids = await programmes.RunningAsync(now, cancellationToken);
        var outcomes = await Task.WhenAll(ids.Select(id => this.DrainProgrammeAsync(id, cancellationToken)));
        return new DrainOutcome(ids.Count, outcomes.Sum(o => o.RowsDone), outcomes.Sum(o => o.MailsSent), outcomes.Sum(o => o.OffersEnded), outcomes.Sum(o => o.Failed));
    }

    /// <summary>One programme's due rows. Failures are logged and left owed: the next sweep tries again.</summary>
    public async Task<DrainOutcome> DrainProgrammeAsync(string programmeId, CancellationToken cancellationToken)
    {
        try
        {
            var due = await owedWork.DueAsync(programmeId, time.GetUtcNow(), cancellationToken);
            if (due.Count == 0)
            {
                return new DrainOutcome(1, 0, 0, 0, 0);
            }
            var (rows, sent, offersEnded) = (0, 0, 0);
            // A few rows at a time (a burst's row holds up to 98 mails), each group claimed afresh, so the
            // work on it always ends well inside its claim.
            foreach (var group in due.Chunk(RowsPerClaim))
            {
                var claimed = await this.ClaimAsync(group, cancellationToken);
                using var inTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                inTime.CancelAfter(OwedWork.ClaimFor / 2); // never still sending when the claim lapses
                var mails = claimed.Where(r => r.Kind == OwedKind.AnswerMails).ToList();
                sent += mails.Count == 0 ? 0 : await this.SendMailsAsync(programmeId, mails, inTime.Token);
                await owedWork.DoneAsync(mails, cancellationToken);
                foreach (var row in claimed.Where(r => r.Kind == OwedKind.OfferExpiry))
                {
                    foreach (var offer in row.Offers)
                    {
                        var outcome = await seats.ExpireOfferAsync(programmeId, offer.ParticipantId, offer.ExpiresAt);
                        offersEnded += outcome.Participant?.Status == AnswerStatus.Declined && outcome.Participant.DeclineReason == SeatBook.OfferExpiredReason ? 1 : 0;
                    }
                    await owedWork.DoneAsync([row], cancellationToken);
                }
                rows += claimed.Count;
            }
            if (rows > 0)
            {
                logger.LogInformation("Owed work of {ProgrammeId}: {Rows} rows done, {Mails} mails sent, {Offers} offers ended", programmeId, rows, sent, offersEnded);
            }
            return new DrainOutcome(1, rows, sent, offersEnded, 0);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Owed work of {ProgrammeId} failed; the next sweep tries again", programmeId);
            return new DrainOutcome(1, 0, 0, 0, 1);
        }
    }

    const int RowsPerClaim = 3;

    /// <summary>Claims the rows together, or, when someone took one meanwhile, one by one, leaving theirs alone.</summary>
    async Task<IReadOnlyList<OwedRow>> ClaimAsync(IReadOnlyList<OwedRow> rows, CancellationToken cancellationToken)
    {
        if (await owedWork.ClaimAsync(rows, time.GetUtcNow(), cancellationToken) is { } all)
        {
            return all;
        }
        var one = await Task.WhenAll(rows.Select(r => owedWork.ClaimAsync([r], time.GetUtcNow(), cancellationToken)));
        return one.Where(c => c is not null).SelectMany(c => c!).ToList();
    }

    /// <summary>The mails the rows owe, composed from the programme and roster as stored, with each answer as it was decided.</summary>
    async Task<int> SendMailsAsync(string programmeId, IReadOnlyList<OwedRow> rows, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return 0;
        }
        var roster = (await programmes.ParticipantsAsync(programmeId, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var mails = rows.SelectMany(r => r.Mails)
            .Where(m => roster.ContainsKey(m.Answer.Id))
            .Select(m => new AnswerMail(programme, m.Answer.ApplyTo(roster[m.Answer.Id]), m.WaitlistPosition))
            .ToList();
        return await mailer.SendAsync(mails, cancellationToken);
    }
}
