namespace LibraryTraining.Programmes;

/// <summary>One person on a programme's roster and where their answer stands.</summary>
public sealed record Participant
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required ParticipantRole Role { get; init; }
    public string? Site { get; init; }
    public required string Language { get; init; }
    public AnswerStatus Status { get; init; } = AnswerStatus.NoAnswer;
    public DateTimeOffset? InvitedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public string? DeclineReason { get; init; }
    public DateTimeOffset? LastRemindedAt { get; init; }
    public bool Removed { get; init; }
    public bool Bounced { get; init; }
    /// <summary>Bumped when an organiser reissues the participant's link, which revokes the old one.</summary>
    public int LinkGeneration { get; init; }
    /// <summary>Place in the waiting list's arrival order; set when an acceptance finds no free place.</summary>
    public long? WaitlistSeq { get; init; }
    /// <summary>When an offered place goes to the next person unless this participant takes it (real time).</summary>
    public DateTimeOffset? OfferExpiresAt { get; init; }
    /// <summary>Raised on every change of answer; mails about an answer are keyed by it, so each change mails once.</summary>
    public int AnswerVersion { get; init; }
}

/// <summary>Where a participant's answer stands. <c>Invited</c> is "sent, not yet answered".</summary>
public enum AnswerStatus { NoAnswer, Invited, Accepted, Declined, Waitlisted, Offered }
