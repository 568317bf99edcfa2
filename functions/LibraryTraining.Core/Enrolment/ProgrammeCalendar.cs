using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Enrolment;

/// <summary>
/// A programme as an iCalendar file (Ical.Net): every session as an event in the programme's own zone
/// with its VTIMEZONE, and each study visit's bus departure as an event of its own, because that is
/// the moment people miss. UIDs are stable per session, and SEQUENCE follows the schedule revision, so
/// an updated file moves the events already in a calendar instead of adding new ones.
/// </summary>
public static class ProgrammeCalendar
{
    public enum Kind { Confirmation, Update, Cancel }

    public const string FileName = "programme.ics";
    public const string ContentType = "text/calendar; charset=utf-8";

    public static MailAttachment Attachment(Programme programme, Kind kind) =>
        new(FileName, kind == Kind.Cancel ? "text/calendar; charset=utf-8; method=CANCEL" : "text/calendar; charset=utf-8; method=PUBLISH",
            Encoding.UTF8.GetBytes(Write(programme, kind)));

    public static string Write(Programme programme, Kind kind)
    {
        var calendar = new Calendar
        {
            ProductId = "-//LibraryTraining//Programme calendar//TH",
            // PUBLISH needs no attendee bookkeeping; CANCEL tells clients to remove these UIDs.
            Method = kind == Kind.Cancel ? "CANCEL" : "PUBLISH",
        };
        calendar.AddTimeZone(programme.TimeZone);
        var organiser = programme.Organisers.Count > 0 ? programme.Organisers[0] : null;
        // A cancellation is itself a change, so it must carry a higher SEQUENCE than the last update.
        var sequence = programme.ScheduleRevision + (kind == Kind.Cancel ? 1 : 0);

        foreach (var day in programme.Days)
        {
            foreach (var session in day.Sessions)
            {
                var end = session.CrossesMidnight ? day.Date.AddDays(1) : day.Date;
                calendar.Events.Add(Event(programme, organiser, sequence, kind,
                    uid: $"{programme.Id}-{session.Id}@librarytraining",
                    summary: session.Title,
                    start: new CalDateTime(day.Date, session.Start, programme.TimeZone),
                    endAt: new CalDateTime(end, session.End, programme.TimeZone),
                    location: Where(session.Location),
                    description: Describe(programme, session)));

                if (session.StudyVisit?.Departure is { } departure)
                {
                    // A short event at the bus, ending when the visit starts or after 30 minutes at most.
                    var leaves = new CalDateTime(day.Date, departure.Time, programme.TimeZone);
                    var until = departure.Time.AddMinutes(30) is var half && half > departure.Time && half < session.Start ? half : session.Start;
                    if (until <= departure.Time)
                    {
                        until = departure.Time.AddMinutes(15);
                    }
                    calendar.Events.Add(Event(programme, organiser, sequence, kind,
                        uid: $"{programme.Id}-{session.Id}-departure@librarytraining",
                        summary: $"รถออก / Bus departs: {session.StudyVisit.Host}",
                        start: leaves,
                        endAt: new CalDateTime(day.Date, until, programme.TimeZone),
                        location: departure.Place,
                        description: $"{session.Title}\n{departure.Place} {departure.Time:HH\\:mm}"));
                }
            }
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    static CalendarEvent Event(Programme programme, Organiser? organiser, int sequence, Kind kind,
        string uid, string summary, CalDateTime start, CalDateTime endAt, string? location, string? description)
    {
        var e = new CalendarEvent
        {
            Uid = uid,
            Sequence = sequence,
            Summary = summary,
            DtStart = start,
            DtEnd = endAt,
            Location = location,
            Description = description,
            Status = kind == Kind.Cancel ? "CANCELLED" : "CONFIRMED",
            DtStamp = new CalDateTime(programme.CreatedAt.UtcDateTime.AddSeconds(programme.ScheduleRevision), true),
        };
        if (organiser is not null)
        {
            e.Organizer = new Organizer($"mailto:{organiser.Email}") { CommonName = organiser.Name };
        }
        return e;
    }

    static string? Where(Location? location)
    {
        var parts = new[] { location?.Name, location?.Address }.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
        return parts.Length == 0 ? null : string.Join(", ", parts);
    }

    static string Describe(Programme programme, Session session)
    {
        var lines = new List<string> { programme.Title };
        if (session.Speakers.Count > 0)
        {
            lines.Add(string.Join(", ", session.Speakers));
        }
        if (session.StudyVisit is { } visit)
        {
            lines.Add(visit.Host);
            if (visit.Contact is not null)
            {
                lines.Add(visit.Contact);
            }
            if (visit.Departure is { } d)
            {
                lines.Add($"{d.Place} {d.Time:HH\\:mm}");
            }
        }
        if (session.Location?.MapUrl is { } map)
        {
            lines.Add(map);
        }
        return string.Join("\n", lines);
    }
}
