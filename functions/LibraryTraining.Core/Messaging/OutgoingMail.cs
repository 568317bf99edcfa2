namespace LibraryTraining.Messaging;

/// <summary>The kinds of email the product sends; the wire name is the kebab-case form.</summary>
public enum MailKind
{
    Invitation,
    Reminder,
    Confirmation,
    Waitlisted,
    Offer,
    JoiningInstructions,
    DailyBriefing,
    ScheduleUpdate,
    Thanks,
    Cancellation,
    DailyStatus,
    /// <summary>The final report, to the organisers.</summary>
    Report,
}

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// One email to one person. <see cref="IdempotencyKey"/> names its purpose (programme, participant,
/// kind, step), so that an activity that runs twice finds it already sent.
/// </summary>
public sealed record OutgoingMail
{
    public required MailKind Kind { get; init; }
    public required string ProgrammeId { get; init; }
    public string? ParticipantId { get; init; }
    public required string To { get; init; }
    public string? ToName { get; init; }
    public required string Subject { get; init; }
    public required string Html { get; init; }
    public required string Text { get; init; }
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
    public required string IdempotencyKey { get; init; }
    /// <summary>
    /// Nothing under this key can have gone out yet: the change it reports was committed a moment ago by
    /// this process, and this is the first try. The dispatcher then skips the ledger lookup.
    /// </summary>
    public bool FirstOfItsKey { get; init; }
    /// <summary>
    /// The dispatcher's id for this send (time-ordered), recorded in the ledger before the send, so a retry
    /// after a crash between the send and its ledger row can ask the sender whether it went out.
    /// </summary>
    public string? Attempt { get; init; }
}

/// <summary>Hands mail to whatever delivers it: SendGrid in Azure, the local outbox on a laptop.</summary>
public interface IMailSender
{
    Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Sends, reporting each part as soon as it is delivered, so that a failure part-way through a
    /// batch leaves the delivered part recorded and a retry sends only the rest.
    /// </summary>
    async Task SendAsync(IReadOnlyList<OutgoingMail> batch, Func<IReadOnlyList<OutgoingMail>, Task> delivered, CancellationToken cancellationToken)
    {
        await this.SendAsync(batch, cancellationToken);
        await delivered(batch);
    }

    /// <summary>
    /// Whether the programme's mails of send <paramref name="attempt"/> (<see cref="OutgoingMail.Attempt"/>)
    /// were taken: true or false when the sender can tell, null when it cannot (then they are sent again).
    /// </summary>
    Task<bool?> WasSentAsync(string programmeId, string attempt, CancellationToken cancellationToken) => Task.FromResult<bool?>(null);
}
