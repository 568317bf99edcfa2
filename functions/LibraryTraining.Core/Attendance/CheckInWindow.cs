using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Attendance;

/// <summary>
/// When a participant may check themselves in to a session: from 30 minutes before it starts (or before
/// the bus leaves, for a study visit) until it ends. Outside that, the venue's QR code records nothing,
/// so a code photographed on day 1 cannot check anyone in to day 3 from home.
/// </summary>
public static class CheckInWindow
{
    public static readonly TimeSpan OpensBefore = TimeSpan.FromMinutes(30);

    public static (DateTimeOffset Opens, DateTimeOffset Closes) For(Programme programme, ProgrammeDay day, Session session)
    {
        var zone = programme.Zone;
        var start = ProgrammeTime.StartOf(day, session, zone);
        if (session.StudyVisit?.Departure is { } departure && departure.Time < session.Start)
        {
            start = ProgrammeTime.At(day.Date, departure.Time, zone);
        }
        return (start - OpensBefore, ProgrammeTime.EndOf(day, session, zone));
    }

    /// <summary>Where <paramref name="programmeNow"/> (programme time) falls against the session's window.</summary>
    public static CheckInRefusal Check(Programme programme, ProgrammeDay day, Session session, DateTimeOffset programmeNow)
    {
        var (opens, closes) = For(programme, day, session);
        return programmeNow < opens ? CheckInRefusal.TooEarly
            : programmeNow > closes ? CheckInRefusal.TooLate
            : CheckInRefusal.None;
    }

    /// <summary>Sessions that count for attendance and certificates: meals and travel do not.</summary>
    public static bool Counts(Session session) => session.Kind is not (SessionKind.Meal or SessionKind.Travel);

    public static IEnumerable<(ProgrammeDay Day, Session Session)> CountedSessions(Programme programme) =>
        programme.Days.SelectMany(d => d.Sessions.Where(Counts).Select(s => (d, s)));

    public static (ProgrammeDay Day, Session Session)? Find(Programme programme, string sessionId)
    {
        foreach (var day in programme.Days)
        {
            foreach (var session in day.Sessions)
            {
                if (session.Id == sessionId)
                {
                    return (day, session);
                }
            }
        }
        return null;
    }
}

public enum CheckInRefusal { None, TooEarly, TooLate, UnknownSession, NotAttending, BadCode, Link }

public enum CheckInSource { Organiser, Self }
