using System.Threading.Channels;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;
using LibraryTraining.Workflow;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Enrolment;

/// <summary>A mail owed to a participant because their answer changed: confirmation, waiting list or offer.</summary>
/// <param name="JustDecided">Queued by the transaction that made the change, first try: no mail for it can have gone out.</param>
public sealed record AnswerMail(Programme Programme, Participant Participant, int? WaitlistPosition, bool JustDecided = false);

/// <summary>The mails one seat transaction owes, with the row that records them (see <see cref="OwedWork"/>).</summary>
public sealed record OwedAnswerMails(OwedRow Row, IReadOnlyList<AnswerMail> Mails);

/// <summary>
/// Sends the mails that answers cause, off the answer's own path, so a burst of answers is not slowed
/// by mail. Each mail is keyed by the participant's answer version, so it goes out once per change.
/// What is owed is a row written with the decision (<see cref="OwedWork"/>): the queue here is only the
/// fast path of the instance that decided. It claims the row, sends, and deletes it; if this instance
/// is stopped, or storage or SendGrid fails, the row stays and <see cref="OwedWorkDrainer"/> sends it
/// later from whichever instance runs the sweep. Losing this queue loses no mail.
/// </summary>
public sealed class AnswerMailer(ParticipantLinks links, MailDispatcher dispatcher, PublicLinks publicLinks, Media.ParticipantMedia media,
    OwedWork owedWork, TimeProvider time, ILogger<AnswerMailer> logger) : IAsyncDisposable
{
    // Sent in hundreds: a steady stream of answers is not held up by one long compose-and-store.
    const int MaxBatch = 100;
    /// <summary>A mail that cannot even be composed (a fault in the mail, not in storage) is given up after this many tries.</summary>
    const int MaxComposeAttempts = 3;
    readonly Channel<OwedAnswerMails> queue = Channel.CreateUnbounded<OwedAnswerMails>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource stopping = new();
    readonly Lock gate = new();
    Task? worker;
    int pending;
    long enqueued;

    /// <summary>How many fast-path mails are queued or being sent on this instance; tests wait for zero.</summary>
    public int Pending => Volatile.Read(ref this.pending);

    /// <summary>Set to false to switch the fast path off, as if every deciding instance stopped at once (tests).</summary>
    public bool FastPath { get; set; } = true;

    public void Enqueue(OwedAnswerMails owed)
    {
        if (owed.Mails.Count == 0 || !this.FastPath)
        {
            return;
        }
        lock (this.gate)
        {
            this.worker ??= Task.Run(this.RunAsync);
        }
        Interlocked.Add(ref this.pending, owed.Mails.Count);
        Interlocked.Increment(ref this.enqueued);
        this.queue.Writer.TryWrite(owed);
    }

    async Task RunAsync()
    {
        var reader = this.queue.Reader;
        var batch = new List<OwedAnswerMails>();
        try
        {
            var backlog = false;
            while (await reader.WaitToReadAsync(this.stopping.Token))
            {
                if (!backlog)
                {
                    await this.SettleAsync();
                }
                batch.Clear();
                var mails = 0;
                while (mails < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                    mails += item.Mails.Count;
                }
                backlog = reader.TryPeek(out _);
                try
                {
                    await Task.WhenAll(batch.GroupBy(b => b.Row.ProgrammeId).Select(g => this.SendOwnAsync(g.ToList())));
                }
                finally
                {
                    Interlocked.Add(ref this.pending, -mails);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One programme's owed rows from this instance's own decisions: claimed, sent, then deleted.</summary>
    async Task SendOwnAsync(List<OwedAnswerMails> owed)
    {
        try
        {
            var claimed = await owedWork.ClaimAsync(owed.Select(o => o.Row).ToList(), time.GetUtcNow(), this.stopping.Token);
            if (claimed is null)
            {
                return; // the sweep got there first: it sends them
            }
            using var inTime = CancellationTokenSource.CreateLinkedTokenSource(this.stopping.Token);
            inTime.CancelAfter(OwedWork.ClaimFor / 2);
            await this.SendAsync(owed.SelectMany(o => o.Mails).ToList(), inTime.Token);
            await owedWork.DoneAsync(claimed, this.stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !this.stopping.IsCancellationRequested)
        {
            // Storage or SendGrid is away: the rows stay owed, and the sweep sends them once the claim lapses.
            // The mail ledger drops whatever did go out, so that never sends twice.
            logger.LogWarning(e, "Sending {Count} answer mails of {ProgrammeId} failed; the sweep will send them", owed.Sum(o => o.Mails.Count), owed[0].Row.ProgrammeId);
        }
    }

    /// <summary>
    /// Composes and sends these answer mails through the mail ledger (at most once per key). A mail that
    /// cannot be composed for a reason other than storage is logged and left out, so one bad mail never
    /// holds back the rest; anything else throws, and the caller's row stays owed.
    /// </summary>
    public async Task<int> SendAsync(IReadOnlyList<AnswerMail> mails, CancellationToken cancellationToken)
    {
        var confirmations = await this.ConfirmationPartsAsync(mails, cancellationToken);
        var composed = await Task.WhenAll(mails.Select(async mail =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await this.ComposeAsync(mail, confirmations, cancellationToken);
                }
                catch (Exception e) when (!StorageFailures.IsTransient(e) && e is not OperationCanceledException && attempt >= MaxComposeAttempts)
                {
                    logger.LogError(e, "Gave up on the {Status} mail to participant {ParticipantId} of {ProgrammeId}: it could not be composed", mail.Participant.Status, mail.Participant.Id, mail.Programme.Id);
                    return null;
                }
                catch (Exception e) when (!StorageFailures.IsTransient(e) && e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Composing the {Status} mail to participant {ParticipantId} of {ProgrammeId} failed (attempt {Attempt})", mail.Participant.Status, mail.Participant.Id, mail.Programme.Id, attempt);
                }
            }
        }));
        return await dispatcher.SendAsync(composed.OfType<OutgoingMail>().ToList(), cancellationToken);
    }

    /// <summary>What every confirmation of a programme shares: its released handouts and its calendar file.</summary>
    sealed record ConfirmationParts(Media.ReleasedHandouts Handouts, MailAttachment Calendar);

    /// <summary>The shared parts of the confirmations in a batch: read and written once per programme, not once per mail.</summary>
    async Task<Dictionary<string, ConfirmationParts>> ConfirmationPartsAsync(IReadOnlyList<AnswerMail> batch, CancellationToken cancellationToken)
    {
        var programmes = batch.Where(b => b.Participant.Status == AnswerStatus.Accepted)
            .Select(b => b.Programme).DistinctBy(p => p.Id, StringComparer.Ordinal).ToList();
        var released = await Task.WhenAll(programmes.Select(p => media.ReleasedHandoutsAsync(p, cancellationToken)));
        return programmes.Zip(released).ToDictionary(x => x.First.Id,
            x => new ConfirmationParts(x.Second, ProgrammeCalendar.Attachment(x.First, ProgrammeCalendar.Kind.Confirmation)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Waits until answers stop arriving for a moment (or at most 1.5 s): a burst's mails are composed
    /// and stored after the burst instead of competing with it for the CPU and storage, in fewer, larger sends.
    /// </summary>
    async Task SettleAsync()
    {
        var started = Environment.TickCount64;
        var seen = -1L;
        while (Interlocked.Read(ref this.enqueued) != seen && Environment.TickCount64 - started < 1500)
        {
            seen = Interlocked.Read(ref this.enqueued);
            await Task.Delay(TimeSpan.FromMilliseconds(250), this.stopping.Token);
        }
    }

    async Task<OutgoingMail> ComposeAsync(AnswerMail answer, Dictionary<string, ConfirmationParts> confirmations, CancellationToken cancellationToken)
    {
        var (programme, participant) = (answer.Programme, answer.Participant);
        var expires = ProgrammeTime.LastMomentOf(programme) + ParticipantLinks.ValidAfterProgramme;
        // An invited participant's current link is stored already (invitation or reissue); only derive it then.
        var token = participant.InvitedAt is not null
            ? links.TokenFor(programme.Id, participant.Id, participant.LinkGeneration)
            : await links.IssueAsync(programme.Id, participant.Id, participant.LinkGeneration, expires, cancellationToken);
        var link = publicLinks.Answer(token);
        var (kind, composed, attachments) = participant.Status switch
        {
            AnswerStatus.Accepted => (MailKind.Confirmation, MailComposer.Confirmation(programme, participant, link, confirmations[programme.Id].Handouts.For(token)),
                (IReadOnlyList<MailAttachment>)[confirmations[programme.Id].Calendar]),
            AnswerStatus.Waitlisted => (MailKind.Waitlisted, MailComposer.Waitlisted(programme, participant, link, answer.WaitlistPosition ?? 1), []),
            AnswerStatus.Offered => (MailKind.Offer, MailComposer.Offer(programme, participant, link,
                programme.Clock.ToProgramme(participant.OfferExpiresAt ?? DateTimeOffset.UtcNow)), []),
            _ => throw new InvalidOperationException($"No mail is sent for the answer status {participant.Status}."),
        };
        return new OutgoingMail
        {
            Kind = kind,
            ProgrammeId = programme.Id,
            ParticipantId = participant.Id,
            To = participant.Email,
            ToName = participant.Name,
            Subject = composed.Subject,
            Html = composed.Html,
            Text = composed.Text,
            Attachments = attachments,
            IdempotencyKey = $"{WireNames.Of(kind)}|answer-v{participant.AnswerVersion}|{participant.Id}",
            FirstOfItsKey = answer.JustDecided,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await this.stopping.CancelAsync();
        this.queue.Writer.TryComplete();
        if (this.worker is not null)
        {
            await this.worker;
        }
        this.stopping.Dispose();
    }
}
