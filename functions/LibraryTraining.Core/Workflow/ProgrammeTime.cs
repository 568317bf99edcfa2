using LibraryTraining.Programmes;

namespace LibraryTraining.Workflow;

/// <summary>Local schedule times turned into instants, in the programme's own zone.</summary>
public static class ProgrammeTime
{
    public static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // A wall time skipped by daylight saving: use the first instant after the gap.
            local = local.AddHours(1);
        }
        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset StartOf(ProgrammeDay day, Session session, TimeZoneInfo zone) =>
        At(day.Date, session.Start, zone);

    public static DateTimeOffset EndOf(ProgrammeDay day, Session session, TimeZoneInfo zone) =>
        At(session.CrossesMidnight ? day.Date.AddDays(1) : day.Date, session.End, zone);

    /// <summary>When the day's first thing happens: the earliest session start or bus departure.</summary>
    public static DateTimeOffset FirstMomentOf(ProgrammeDay day, TimeZoneInfo zone) =>
        day.Sessions
            .Select(s => s.StudyVisit?.Departure is { } dep && dep.Time < s.Start ? At(day.Date, dep.Time, zone) : StartOf(day, s, zone))
            .Min();

    public static DateTimeOffset LastMomentOf(Programme programme) =>
        programme.Days.SelectMany(d => d.Sessions.Select(s => EndOf(d, s, programme.Zone))).Max();
}
