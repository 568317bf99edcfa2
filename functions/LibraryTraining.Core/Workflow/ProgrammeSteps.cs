using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Workflow;

/// <summary>What the orchestration needs to know to decide its next move; small, so history stays small.</summary>
/// <param name="Cancelled">The definition records a cancellation: the orchestration cancels even if the event never reached it.</param>
public sealed record ProgrammePlan(
    IReadOnlyList<ProgrammeStep> Steps,
    ProgrammeClock Clock,
    int ScheduleRevision,
    DateTimeOffset FirstMoment,
    DateTimeOffset LastMoment,
    bool Cancelled = false);

/// <summary>The orchestration's custom status, and the phase part of GET /api/programmes/{id}.</summary>
public sealed record ProgrammeStatus(string Phase, NextStep? NextStep);

public sealed record NextStep(string What, DateTimeOffset At, DateTimeOffset RealAt);

/// <summary>
/// The side effects behind each step of a programme's timeline. Activities call these; each is
/// idempotent, because activities run at least once.
/// </summary>
public sealed class ProgrammeSteps(ProgrammeStore programmes, ProgrammeMailer mailer, TimeProvider time, Reports.ProgrammeWrapUp wrapUp,
    Media.ParticipantMedia media, Enrolment.SeatBook seats)
{
    public async Task<ProgrammePlan> PlanAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = await this.RequireAsync(programmeId, cancellationToken);
        return new ProgrammePlan(ProgrammeTimeline.Plan(programme), programme.Clock, programme.ScheduleRevision,
            ProgrammeTime.FirstMomentOf(programme.Days[0], programme.Zone), ProgrammeTime.LastMomentOf(programme), programme.CancelledAt is not null);
    }

    public async Task<int> RunAsync(string programmeId, ProgrammeStep step, CancellationToken cancellationToken)
    {
        var programme = await this.RequireAsync(programmeId, cancellationToken);
        if (programme.CancelledAt is not null)
        {
            return 0;
        }
        return step.Kind switch
        {
            StepKind.Invite => await this.InviteAsync(programme, static p => p.Status == AnswerStatus.NoAnswer, cancellationToken),
            StepKind.Reminder => await this.RemindAsync(programme, step.Id, cancellationToken),
            StepKind.CloseEnrolment => 0,
            StepKind.JoiningInstructions => await mailer.SendAsync(programme, MailKind.JoiningInstructions, step.Id, IsConfirmed,
                (p, link) => MailComposer.JoiningInstructions(programme, p, link), cancellationToken),
            StepKind.DailyBriefing => await this.BriefAsync(programme, step, cancellationToken),
            // Certificates, thanks with the survey and certificate links, and the report to the organisers.
            StepKind.WrapUp => await wrapUp.RunAsync(programme, step.Id, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Kind, "Unknown step."),
        };
    }

    /// <summary>One update per burst of edits: keyed by the schedule revision the burst ended on.</summary>
    public async Task<int> SendScheduleUpdateAsync(string programmeId, int revision, CancellationToken cancellationToken)
    {
        var programme = await this.RequireAsync(programmeId, cancellationToken);
        return await mailer.SendAsync(programme, MailKind.ScheduleUpdate, $"r{revision}",
            p => p.InvitedAt is not null && p.Status is not AnswerStatus.Declined,
            (p, link) => MailComposer.ScheduleUpdate(programme, p, link), cancellationToken,
            [ProgrammeCalendar.Attachment(programme, ProgrammeCalendar.Kind.Update)]);
    }

    public async Task<int> SendCancellationAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = await this.RequireAsync(programmeId, cancellationToken);
        return await mailer.SendAsync(programme, MailKind.Cancellation, "cancel",
            p => p.InvitedAt is not null,
            (p, _) => MailComposer.Cancellation(programme, p, programme.CancellationReason ?? ""), cancellationToken,
            [ProgrammeCalendar.Attachment(programme, ProgrammeCalendar.Kind.Cancel)]);
    }

    /// <summary>Invites the given part of the roster: at creation everyone, later whoever was added.</summary>
    /// <param name="purpose">The invitations' key: someone re-added after a removal is invited again under a new one.</param>
    public async Task<int> InviteAsync(Programme programme, Func<Participant, bool> audience, CancellationToken cancellationToken, string purpose = "invite")
    {
        var sent = await mailer.SendAsync(programme, MailKind.Invitation, purpose, audience,
            (p, link) => MailComposer.Invitation(programme, p, link), cancellationToken);
        var now = time.GetUtcNow();
        // ETag-checked, so an answer recorded while the invitations went out is never overwritten.
        await programmes.UpdateParticipantsAsync(programme.Id, p => p.InvitedAt is null && !p.Removed && audience(p),
            p => p.InvitedAt is not null ? null : p with { InvitedAt = now, Status = p.Status == AnswerStatus.NoAnswer ? AnswerStatus.Invited : p.Status },
            cancellationToken);
        // Answers follow the invitations within seconds: have the roster in memory before they arrive.
        seats.Prepare(programme.Id);
        return sent;
    }

    /// <summary>
    /// The day's briefing, with the handouts released by the time it is composed: one held for a session
    /// that has not ended yet (by the programme's clock) waits for a later briefing or the wrap-up.
    /// </summary>
    async Task<int> BriefAsync(Programme programme, ProgrammeStep step, CancellationToken cancellationToken)
    {
        var day = DateOnly.Parse(step.Day!, System.Globalization.CultureInfo.InvariantCulture);
        // Read once for the whole roster; each participant's links differ only by their token.
        var released = await media.ReleasedHandoutsAsync(programme, cancellationToken);
        return await mailer.SendAsync(programme, MailKind.DailyBriefing, step.Id, IsConfirmed,
            (p, token, link) => MailComposer.DailyBriefing(programme, p, link, day, released.For(token)), cancellationToken);
    }

    async Task<int> RemindAsync(Programme programme, string stepId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Nobody gets two reminders within the throttle, automatic or organiser-triggered.
        bool due(Participant p) => IsPending(p) && ReminderService.MayRemind(programme, p, now);
        var sent = await mailer.SendAsync(programme, MailKind.Reminder, stepId, due,
            (p, link) => MailComposer.Reminder(programme, p, link, null), cancellationToken);
        await programmes.UpdateParticipantsAsync(programme.Id, p => !p.Removed && due(p), p => p with { LastRemindedAt = now }, cancellationToken);
        return sent;
    }

    static bool IsConfirmed(Participant p) => p.Status == AnswerStatus.Accepted;

    static bool IsPending(Participant p) => p.Status is AnswerStatus.Invited or AnswerStatus.NoAnswer;

    async Task<Programme> RequireAsync(string programmeId, CancellationToken cancellationToken) =>
        await programmes.FindAsync(programmeId, cancellationToken)
        ?? throw new InvalidOperationException($"Programme {programmeId} does not exist.");
}
