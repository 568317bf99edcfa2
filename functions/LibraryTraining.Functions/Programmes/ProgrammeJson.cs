using LibraryTraining.Programmes;

namespace LibraryTraining.Functions.Programmes;

/// <summary>The shape of GET /api/programmes/{id}: the contract in docs/openapi.yaml.</summary>
public static class ProgrammeJson
{
    public static object Of(ProgrammeView view)
    {
        var p = view.Programme;
        return new
        {
            id = p.Id,
            title = p.Title,
            titleEn = p.TitleEn,
            phase = view.Phase,
            nextStep = view.NextStep is { } next ? new { what = next.What, at = next.At } : null,
            counts = view.Counts,
            timeZone = p.TimeZone,
            language = p.Language,
            venue = p.Venue,
            capacity = p.Capacity,
            quotas = p.Quotas.Select(q => new { site = q.Site, role = q.Role, places = q.Places }),
            enrolmentDeadline = p.EnrolmentDeadline,
            reminderOffsets = p.ReminderOffsets.Select(System.Xml.XmlConvert.ToString),
            organisers = p.Organisers,
            days = p.Days.Select(d => new
            {
                date = d.Date.ToString("yyyy-MM-dd"),
                sessions = d.Sessions.Select(s => new
                {
                    id = s.Id,
                    start = s.Start.ToString("HH:mm"),
                    end = s.End.ToString("HH:mm"),
                    title = s.Title,
                    kind = s.Kind,
                    location = s.Location,
                    speakers = s.Speakers,
                    studyVisit = s.StudyVisit is { } v
                        ? new
                        {
                            host = v.Host,
                            contact = v.Contact,
                            departure = v.Departure is { } dep ? new { place = dep.Place, time = dep.Time.ToString("HH:mm") } : null,
                            returnTime = v.ReturnTime?.ToString("HH:mm"),
                        }
                        : null,
                }),
            }),
            scheduleRevision = p.ScheduleRevision,
            cancelledAt = p.CancelledAt,
            cancellationReason = p.CancellationReason,
            clockSpeed = p.Clock.Speed,
            createdAt = p.CreatedAt,
        };
    }
}
