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

/// <summary>
/// Sends the mails that answers cause, off the answer's own path, so a burst of answers is not slowed
/// by mail. Each mail is keyed by the participant's answer version, so it goes out once per change
/// however often it is queued; the seat book queues again after a restart what may have been lost.
/// </summary>
public sealed class AnswerMailer(ParticipantLinks links, MailDispatcher dispatcher, PublicLinks publicLinks, Media.ParticipantMedia media,
    ILogger<AnswerMailer> logger) : IAsyncDisposable
{
    // Sent in hundreds: a steady stream of answers is not held up by one long compose-and-store.
    const int MaxBatch = 100;
    readonly Channel<(AnswerMail Mail, int Attempt)> queue = Channel.CreateUnbounded<(AnswerMail, int)>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource stopping = new();
    readonly Lock gate = new();
    Task? worker;
    int pending;
    long enqueued;

    /// <summary>How many mails are queued or being sent; tests wait for zero.</summary>
    public int Pending => Volatile.Read(ref this.pending);

    public void Enqueue(IReadOnlyList<AnswerMail> mails)
    {
        if (mails.Count == 0)
        {
            return;
        }
        lock (this.gate)
        {
            this.worker ??= Task.Run(this.RunAsync);
        }
        foreach (var mail in mails)
        {
            Interlocked.Increment(ref this.pending);
            Interlocked.Increment(ref this.enqueued);
            this.queue.Writer.TryWrite((mail, 1));
        }
    }

    /// <summary>The first wait after a failed send; it doubles with each failure in a row, up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    /// <summary>A mail that cannot even be composed (a fault in the mail, not in storage or SendGrid) is dropped after this many tries.</summary>
    const int MaxComposeAttempts = 5;

    async Task RunAsync()
    {
        var reader = this.queue.Reader;
        var batch = new List<(AnswerMail Mail, int Attempt)>();
        var failuresInARow = 0;
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
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                backlog = reader.TryPeek(out _);
                var composed = new List<((AnswerMail Mail, int Attempt) Item, OutgoingMail Mail)>(batch.Count);
                try
                {
                    var confirmations = await this.ConfirmationPartsAsync(batch, this.stopping.Token);
                    var results = await Task.WhenAll(batch.Select(async item =>
                    {
                        try
                        {
                            return (Item: item, Mail: await this.ComposeAsync(item.Mail, confirmations, this.stopping.Token), Error: (Exception?)null);
                        }
                        catch (Exception e) when (e is not OperationCanceledException || !this.stopping.IsCancellationRequested)
                        {
                            return (Item: item, Mail: (OutgoingMail?)null, Error: e);
                        }
                    }));
                    composed.AddRange(results.Where(r => r.Mail is not null).Select(r => (r.Item, r.Mail!)));
                    var failed = results.Where(r => r.Error is not null).ToList();
                    foreach (var (item, _, error) in failed)
                    {
                        this.ComposeFailed(item, error!);
                    }
                    if (composed.Count > 0)
                    {
                        await dispatcher.SendAsync(composed.Select(c => c.Mail).ToList(), this.stopping.Token);
                        Interlocked.Add(ref this.pending, -composed.Count);
                    }
                    failuresInARow = failed.Count > 0 ? failuresInARow + 1 : 0;
                    if (failed.Count > 0)
                    {
                        await Task.Delay(RetryDelay(failuresInARow), this.stopping.Token);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !this.stopping.IsCancellationRequested)
                {
                    // Storage or SendGrid is away. Every mail in the batch waits for it, however long: the
                    // mail ledger drops whatever did go out, so sending again never sends twice.
                    failuresInARow++;
                    var delay = RetryDelay(failuresInARow);
                    logger.LogWarning(e, "Sending {Count} answer mails failed ({Failures} in a row); retrying in {Delay}", batch.Count, failuresInARow, delay);
                    var retried = composed.Count > 0 ? composed.Select(c => c.Item) : batch;
                    foreach (var item in retried)
                    {
                        // Part of the batch may have gone out: from now on the ledger decides.
                        this.queue.Writer.TryWrite((item.Mail with { JustDecided = false }, item.Attempt));
                    }
                    await Task.Delay(delay, this.stopping.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>1 s, 2 s, 4 s, ... and then every 30 s for as long as the failure lasts.</summary>
    public static TimeSpan RetryDelay(int failuresInARow) =>
        failuresInARow >= 6 ? MaxRetryDelay : TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << (failuresInARow - 1)));

    void ComposeFailed((AnswerMail Mail, int Attempt) item, Exception e)
    {
        var (mail, attempt) = item;
        if (attempt < MaxComposeAttempts || StorageFailures.IsTransient(e))
        {
            logger.LogWarning(e, "Composing the {Status} mail to participant {ParticipantId} of {ProgrammeId} failed (attempt {Attempt}); retrying", mail.Participant.Status, mail.Participant.Id, mail.Programme.Id, attempt);
            this.queue.Writer.TryWrite((mail with { JustDecided = false }, attempt + 1));
        }
        else
        {
            Interlocked.Decrement(ref this.pending);
            logger.LogError(e, "Gave up on the {Status} mail to participant {ParticipantId} of {ProgrammeId}: it could not be composed", mail.Participant.Status, mail.Participant.Id, mail.Programme.Id);
        }
    }

    /// <summary>What every confirmation of a programme shares: its released handouts and its calendar file.</summary>
    sealed record ConfirmationParts(Media.ReleasedHandouts Handouts, MailAttachment Calendar);

    /// <summary>The shared parts of the confirmations in a batch: read and written once per programme, not once per mail.</summary>
    async Task<Dictionary<string, ConfirmationParts>> ConfirmationPartsAsync(List<(AnswerMail Mail, int Attempt)> batch, CancellationToken cancellationToken)
    {
        var programmes = batch.Where(b => b.Mail.Participant.Status == AnswerStatus.Accepted)
            .Select(b => b.Mail.Programme).DistinctBy(p => p.Id, StringComparer.Ordinal).ToList();
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
