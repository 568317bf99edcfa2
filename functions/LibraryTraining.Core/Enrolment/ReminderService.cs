using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Enrolment;

public enum ReminderAudience { Pending, Accepted, Waitlisted, All }

/// <summary>
/// Organiser-triggered reminders, and the throttle every reminder obeys: nobody gets more than one in
/// 12 hours of programme time unless the organiser forces it.
/// </summary>
public sealed class ReminderService(ProgrammeStore programmes, ProgrammeMailer mailer, TimeProvider time, Media.ParticipantMedia media)
{
    public static readonly TimeSpan Throttle = TimeSpan.FromHours(12);

    public static bool MayRemind(Programme programme, Participant participant, DateTimeOffset now) =>
        participant.LastRemindedAt is not { } last
        || programme.Clock.ToProgramme(now) - programme.Clock.ToProgramme(last) >= Throttle;

    public static bool IsIn(ReminderAudience audience, Participant p) => !p.Removed && audience switch
    {
        ReminderAudience.Pending => p.Status is AnswerStatus.NoAnswer or AnswerStatus.Invited,
        ReminderAudience.Accepted => p.Status == AnswerStatus.Accepted,
        ReminderAudience.Waitlisted => p.Status is AnswerStatus.Waitlisted or AnswerStatus.Offered,
        _ => p.Status is not AnswerStatus.Declined,
    };

    /// <summary>Sends the reminders and returns how many people were reminded; null when the programme does not exist.</summary>
    public async Task<int?> RemindAsync(string programmeId, ReminderAudience audience, string? note, bool force, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var roster = await programmes.ParticipantsAsync(programmeId, cancellationToken);
        var chosen = roster.Where(p => IsIn(audience, p) && (force || MayRemind(programme, p, now))).ToList();
        var ids = chosen.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return 0;
        }
        // Recorded first: a retried request then finds these people throttled instead of reminding them twice.
        await programmes.UpdateParticipantsAsync(programmeId, p => ids.Contains(p.Id), p => p with { LastRemindedAt = now }, cancellationToken);
        var purpose = $"manual-{now.UtcTicks}";
        // Those who have answered get the mail that matches where they stand; the note goes in the reminder.
        var positions = roster.Where(p => p.Status == AnswerStatus.Waitlisted && p.WaitlistSeq is not null && !p.Removed)
            .OrderBy(p => p.WaitlistSeq).Select((p, i) => (p.Id, Position: i + 1)).ToDictionary(x => x.Id, x => x.Position);
        await mailer.SendAsync(programme, MailKind.Reminder, purpose, p => ids.Contains(p.Id) && p.Status != AnswerStatus.Accepted,
            (p, link) => p.Status == AnswerStatus.Waitlisted
                ? MailComposer.Waitlisted(programme, p, link, positions.GetValueOrDefault(p.Id, 1))
                : MailComposer.Reminder(programme, p, link, note), cancellationToken);
        // Those with a place get their confirmation again, with the handouts released by now (read once).
        var released = await media.ReleasedHandoutsAsync(programme, cancellationToken);
        await mailer.SendAsync(programme, MailKind.Reminder, purpose, p => ids.Contains(p.Id) && p.Status == AnswerStatus.Accepted,
            (p, token, link) => MailComposer.Confirmation(programme, p, link, released.For(token)), cancellationToken,
            [ProgrammeCalendar.Attachment(programme, ProgrammeCalendar.Kind.Confirmation)]);
        return ids.Count;
    }
}
