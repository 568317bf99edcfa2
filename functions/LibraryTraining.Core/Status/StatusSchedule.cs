using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Status;

/// <summary>
/// When a programme's daily status is due, as pure functions of its data and the time. Status days are
/// counted on the programme's own clock: on a compressed clock (the demo, accelerated tests) a status
/// day is a programme day, so a status describes the programme's morning, not the machine's.
/// </summary>
public static class StatusSchedule
{
    /// <summary>
    /// The programme-local date whose status is due at <paramref name="now"/> (real time), or null.
    /// Only today's status is ever due, once today's status time has passed: a day missed while nothing
    /// ran is not sent afterwards. The first status is the first status time after the programme was
    /// created, the last one the last status time before its wrap-up; a cancelled programme gets none.
    /// </summary>
    public static DateOnly? DueDay(Programme programme, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        if (programme.CancelledAt is not null)
        {
            return null;
        }
        var programmeNow = programme.Clock.ToProgramme(now);
        var today = LocalDate(programme, programmeNow);
        var due = MomentOf(programme, today);
        if (programmeNow < due || due <= programme.CreatedAt || due >= EndOf(programme))
        {
            return null;
        }
        return today;
    }

    /// <summary>Not cancelled, and its wrap-up not yet due: a programme organisers still run.</summary>
    public static bool IsActive(Programme programme, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return programme.CancelledAt is null && programme.Clock.ToProgramme(now) < EndOf(programme);
    }

    /// <summary>The day's status time as an instant (programme time, UTC).</summary>
    public static DateTimeOffset MomentOf(Programme programme, DateOnly day) =>
        ProgrammeTime.At(day, programme.StatusTime, programme.Zone);

    /// <summary>The programme's local date at a programme-time instant.</summary>
    public static DateOnly LocalDate(Programme programme, DateTimeOffset programmeTime) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(programmeTime, programme.Zone).DateTime);

    static DateTimeOffset EndOf(Programme programme) => ProgrammeTime.LastMomentOf(programme) + ProgrammeTimeline.WrapUpDelay;
}
