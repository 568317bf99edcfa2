using System.Globalization;
using System.Xml;
using LibraryTraining.Programmes;

namespace LibraryTraining.Workflow;

public enum StepKind { Invite, Reminder, CloseEnrolment, JoiningInstructions, DailyBriefing, WrapUp }

public enum Phase { Inviting, Enrolling, Confirmed, InProgress, WrappingUp, Completed, Cancelled }

/// <summary>One thing the programme's orchestration does, and when (in programme time, UTC).</summary>
public sealed record ProgrammeStep(string Id, StepKind Kind, DateTimeOffset Due, string? Day = null);

/// <summary>
/// The timeline of a programme as pure functions of its data: which steps happen and when, and which
/// phase a programme is in. The orchestrator asks these, so every decision about time is unit-tested
/// without a host and replays deterministically.
/// </summary>
public static class ProgrammeTimeline
{
    /// <summary>The evening hour at which a briefing goes out when the next day starts too early for a morning one.</summary>
    public static readonly TimeOnly EveningBriefing = new(18, 0);
    public static readonly TimeSpan WrapUpDelay = TimeSpan.FromHours(1);
    public static readonly TimeOnly JoiningInstructionsTime = new(9, 0);

    /// <summary>
    /// Every step, ordered by due time. Reminders, joining instructions and briefings that were due
    /// before the programme was created are left out: nobody wants a reminder for a moment already past.
    /// Closing enrolment and the wrap-up always happen, late if need be.
    /// </summary>
    public static IReadOnlyList<ProgrammeStep> Plan(Programme programme)
    {
        var zone = programme.Zone;
        var created = programme.CreatedAt;
        var deadline = programme.EnrolmentDeadline.ToUniversalTime();
        var steps = new List<ProgrammeStep> { new("invite", StepKind.Invite, created) };

        foreach (var offset in programme.ReminderOffsets)
        {
            var due = deadline - offset;
            if (due >= created)
            {
                steps.Add(new($"reminder:{XmlConvert.ToString(offset)}", StepKind.Reminder, due));
            }
        }
        steps.Add(new("close", StepKind.CloseEnrolment, Max(deadline, created)));

        var joining = ProgrammeTime.At(programme.FirstDate.AddDays(-programme.JoiningInstructionsDaysBefore), JoiningInstructionsTime, zone);
        joining = Max(joining, deadline);
        if (joining >= created && joining < ProgrammeTime.FirstMomentOf(programme.Days[0], zone))
        {
            steps.Add(new("joining", StepKind.JoiningInstructions, joining));
        }

        foreach (var day in programme.Days)
        {
            var due = Max(BriefingTime(day, programme.BriefingTime, zone), deadline);
            if (due >= created)
            {
                var date = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                steps.Add(new($"briefing:{date}", StepKind.DailyBriefing, due, date));
            }
        }

        steps.Add(new("wrap-up", StepKind.WrapUp, Max(ProgrammeTime.LastMomentOf(programme) + WrapUpDelay, created)));
        // Stable order: by time, then by the order above (a reminder before the close it warns of).
        return steps.Select((s, i) => (s, i)).OrderBy(x => x.s.Due).ThenBy(x => x.i).Select(x => x.s).ToList();
    }

    /// <summary>
    /// A day's briefing goes out at the programme's briefing time that morning, or the evening before
    /// when the day starts within an hour of it (a bus at dawn).
    /// </summary>
    public static DateTimeOffset BriefingTime(ProgrammeDay day, TimeOnly briefingTime, TimeZoneInfo zone)
    {
        var morning = ProgrammeTime.At(day.Date, briefingTime, zone);
        var first = ProgrammeTime.FirstMomentOf(day, zone);
        return first - morning < TimeSpan.FromHours(1)
            ? ProgrammeTime.At(day.Date.AddDays(-1), EveningBriefing, zone)
            : morning;
    }

    public static ProgrammeStep? NextStep(IReadOnlyList<ProgrammeStep> plan, IReadOnlyCollection<string> done) =>
        plan.FirstOrDefault(s => !done.Contains(s.Id));

    /// <summary>The phase a programme is in, from what is done and what time it is.</summary>
    public static Phase PhaseOf(Programme programme, IReadOnlyCollection<string> done, DateTimeOffset now) =>
        programme.CancelledAt is not null
            ? Phase.Cancelled
            : PhaseOf(done, now, ProgrammeTime.FirstMomentOf(programme.Days[0], programme.Zone), ProgrammeTime.LastMomentOf(programme));

    public static Phase PhaseOf(IReadOnlyCollection<string> done, DateTimeOffset now, DateTimeOffset firstMoment, DateTimeOffset lastMoment)
    {
        if (done.Contains("wrap-up"))
        {
            return Phase.Completed;
        }
        if (!done.Contains("invite"))
        {
            return Phase.Inviting;
        }
        if (!done.Contains("close"))
        {
            return Phase.Enrolling;
        }
        if (now < firstMoment)
        {
            return Phase.Confirmed;
        }
        return now < lastMoment ? Phase.InProgress : Phase.WrappingUp;
    }

    public static string Describe(StepKind kind) => kind switch
    {
        StepKind.Invite => "send invitations",
        StepKind.Reminder => "remind those who have not answered",
        StepKind.CloseEnrolment => "close enrolment",
        StepKind.JoiningInstructions => "send joining instructions",
        StepKind.DailyBriefing => "send the day's briefing",
        StepKind.WrapUp => "send thanks and the feedback request",
        _ => kind.ToString(),
    };

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
