using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using System.Xml;
using LibraryTraining.Workflow;

namespace LibraryTraining.Programmes;

/// <summary>
/// Turns a <see cref="ProgrammeRequest"/> into a <see cref="Programme"/> and its roster, or into the
/// full list of problems, each naming its field, so an organiser can fix everything in one pass.
/// </summary>
public static partial class ProgrammeValidator
{
    public const int MaxParticipants = 20_000;
    const int MaxText = 500;
    static readonly string[] Languages = ["th", "en"];

    public sealed record Result(Programme? Programme, IReadOnlyList<Participant> Participants, IReadOnlyList<Problem> Problems)
    {
        public bool IsValid => Problems.Count == 0;
    }

    public static Result Validate(ProgrammeRequest request, string id, DateTimeOffset now)
    {
        var problems = new List<Problem>();
        var title = RequiredText(request.Title, "title", problems);
        OptionalText(request.TitleEn, "titleEn", problems);
        OptionalText(request.Venue, "venue", problems);

        var zoneId = string.IsNullOrWhiteSpace(request.TimeZone) ? "Asia/Bangkok" : request.TimeZone.Trim();
        TimeZoneInfo? zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : null;
        if (zone is null)
        {
            problems.Add(new("timeZone", $"'{zoneId}' is not a known IANA time zone; use one such as 'Asia/Bangkok'."));
        }

        var language = Language(request.Language, "language", "th", problems);

        if (request.Capacity is < 1 or > MaxParticipants)
        {
            problems.Add(new("capacity", $"Capacity must be between 1 and {MaxParticipants}, or left out for no limit."));
        }

        var quotas = Quotas(request.Quotas, problems);
        var deadline = Deadline(request.EnrolmentDeadline, problems);
        var reminderOffsets = ReminderOffsets(request.ReminderOffsets, problems);

        if (request.JoiningInstructionsDaysBefore is < 0 or > 60)
        {
            problems.Add(new("joiningInstructionsDaysBefore", "Joining instructions go out between 0 and 60 days before the first day."));
        }

        var briefingTime = new TimeOnly(6, 0);
        if (request.BriefingTime is not null && !TryTime(request.BriefingTime, out briefingTime))
        {
            problems.Add(new("briefingTime", "Write the daily briefing time as HH:mm, for example 06:00."));
        }

        var statusTime = new TimeOnly(7, 0);
        if (request.StatusTime is not null && !TryTime(request.StatusTime, out statusTime))
        {
            problems.Add(new("statusTime", "Write the time of the organisers' daily status email as HH:mm, for example 07:00."));
        }

        if (request.ClockSpeed is { } speed && (double.IsNaN(speed) || speed < 1 || speed > 1_000_000))
        {
            problems.Add(new("clockSpeed", "clockSpeed must be between 1 (real time) and 1000000."));
        }

        var organisers = Organisers(request.Organisers, problems);
        var days = Days(request.Days, zone, problems);
        var participants = Participants(request.Participants, language, problems);
        var registrationFields = RegistrationFieldsOf(request.RegistrationFields, problems);
        if (request.AttendanceThreshold is { } threshold && (double.IsNaN(threshold) || threshold <= 0 || threshold > 1))
        {
            problems.Add(new("attendanceThreshold", "attendanceThreshold is a share of the sessions, above 0 and at most 1 (0.8 means 80%)."));
        }
        if (request.Survey is { } survey)
        {
            problems.AddRange(Feedback.SurveyQuestions.Validate(survey.Questions, "survey.questions"));
            if (survey.OpenDays is < 1 or > 90)
            {
                problems.Add(new("survey.openDays", "The survey stays open 1 to 90 days after the programme."));
            }
            if (survey.ReminderEveryDays is < 1 or > 30)
            {
                problems.Add(new("survey.reminderEveryDays", "Survey reminders go every 1 to 30 days."));
            }
        }

        if (zone is not null && deadline is { } due && days.Count > 0 && days[0].Sessions.Count > 0)
        {
            var firstStart = ProgrammeTime.StartOf(days[0], days[0].Sessions[0], zone);
            if (due >= firstStart)
            {
                problems.Add(new("enrolmentDeadline",
                    $"The enrolment deadline ({due:yyyy-MM-dd HH:mm zzz}) must come before the first session starts ({firstStart.ToOffset(zone.GetUtcOffset(firstStart)):yyyy-MM-dd HH:mm zzz})."));
            }
        }

        if (problems.Count > 0)
        {
            return new Result(null, [], problems);
        }

        var clockSpeed = request.ClockSpeed ?? 1;
        var programme = new Programme
        {
            Id = id,
            Title = title!,
            TitleEn = Clean(request.TitleEn),
            TimeZone = zoneId,
            Language = language,
            Venue = Clean(request.Venue),
            Capacity = request.Capacity,
            Quotas = quotas,
            EnrolmentDeadline = deadline!.Value,
            ReminderOffsets = reminderOffsets,
            JoiningInstructionsDaysBefore = request.JoiningInstructionsDaysBefore ?? 7,
            BriefingTime = briefingTime,
            StatusTime = statusTime,
            Organisers = organisers,
            Days = days,
            RegistrationFields = registrationFields,
            AttendanceThreshold = request.AttendanceThreshold ?? 0.8,
            Survey = request.Survey,
            CreatedAt = now,
            Clock = clockSpeed == 1
                ? ProgrammeClock.RealTime
                : new ProgrammeClock(now, now, clockSpeed),
        };
        return new Result(programme, participants, []);
    }

    static IReadOnlyList<RegistrationField> RegistrationFieldsOf(List<string>? names, List<Problem> problems)
    {
        if (names is null)
        {
            return RegistrationFieldDefaults.All;
        }
        var fields = new List<RegistrationField>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!WireNames.TryParse<RegistrationField>(names[i], out var field))
            {
                problems.Add(new($"registrationFields[{i}]", $"Unknown field '{names[i]}'; use any of {WireNames.Choices<RegistrationField>()}."));
            }
            else if (!fields.Contains(field))
            {
                fields.Add(field);
            }
        }
        return fields;
    }

    static List<Quota> Quotas(List<QuotaRequest>? requests, List<Problem> problems)
    {
        var quotas = new List<Quota>();
        for (var i = 0; i < (requests?.Count ?? 0); i++)
        {
            var q = requests![i];
            var field = $"quotas[{i}]";
            if (q is null)
            {
                problems.Add(new(field, "A quota cannot be null."));
                continue;
            }
            ParticipantRole? role = null;
            if ((q.Site is null) == (q.Role is null))
            {
                problems.Add(new(field, "A quota names either a site or a role, not both and not neither."));
            }
            else if (q.Role is not null)
            {
                if (WireNames.TryParse<ParticipantRole>(q.Role, out var parsed))
                {
                    role = parsed;
                }
                else
                {
                    problems.Add(new($"{field}.role", $"Unknown role '{q.Role}'; use one of {WireNames.Choices<ParticipantRole>()}."));
                }
            }
            if (q.Places is not >= 0)
            {
                problems.Add(new($"{field}.places", "places must be a whole number, 0 or more."));
            }
            quotas.Add(new Quota(Clean(q.Site), role, q.Places ?? 0));
        }
        return quotas;
    }

    static DateTimeOffset? Deadline(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new("enrolmentDeadline", "Give the enrolment deadline as an ISO 8601 timestamp with an offset, for example 2027-02-10T17:00:00+07:00."));
            return null;
        }
        if (!OffsetTimestamp().IsMatch(text.Trim())
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var deadline))
        {
            problems.Add(new("enrolmentDeadline", $"'{text}' is not an ISO 8601 timestamp with an offset, such as 2027-02-10T17:00:00+07:00."));
            return null;
        }
        return deadline;
    }

    static List<TimeSpan> ReminderOffsets(List<string>? texts, List<Problem> problems)
    {
        var offsets = new List<TimeSpan>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            var text = texts![i];
            try
            {
                var offset = XmlConvert.ToTimeSpan(text ?? "");
                if (offset <= TimeSpan.Zero || offset > TimeSpan.FromDays(365))
                {
                    problems.Add(new($"reminderOffsets[{i}]", "A reminder offset must be a positive duration of at most a year, such as P3D."));
                    continue;
                }
                if (offsets.Contains(offset))
                {
                    problems.Add(new($"reminderOffsets[{i}]", $"'{text}' is listed twice."));
                    continue;
                }
                offsets.Add(offset);
            }
            catch (FormatException)
            {
                problems.Add(new($"reminderOffsets[{i}]", $"'{text}' is not an ISO 8601 duration; write P3D for three days or PT12H for twelve hours."));
            }
        }
        offsets.Sort((a, b) => b.CompareTo(a));
        return offsets;
    }

    static List<Organiser> Organisers(List<OrganiserRequest>? requests, List<Problem> problems)
    {
        var organisers = new List<Organiser>();
        if (requests is null || requests.Count == 0)
        {
            problems.Add(new("organisers", "Name at least one organiser, with a name and an email."));
            return organisers;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < requests.Count; i++)
        {
            var field = $"organisers[{i}]";
            var o = requests[i];
            if (o is null)
            {
                problems.Add(new(field, "An organiser cannot be null."));
                continue;
            }
            var name = RequiredText(o.Name, $"{field}.name", problems);
            var email = Email(o.Email, $"{field}.email", seen, problems);
            var language = Language(o.Language, $"{field}.language", "th", problems);
            if (name is not null && email is not null)
            {
                organisers.Add(new Organiser(name, email, language));
            }
        }
        return organisers;
    }

    static List<ProgrammeDay> Days(List<DayRequest>? requests, TimeZoneInfo? zone, List<Problem> problems)
    {
        var days = new List<ProgrammeDay>();
        if (requests is null || requests.Count == 0)
        {
            problems.Add(new("days", "A programme needs at least one day with at least one session."));
            return days;
        }
        DateOnly? previous = null;
        for (var d = 0; d < requests.Count; d++)
        {
            var field = $"days[{d}]";
            var request = requests[d];
            if (request is null)
            {
                problems.Add(new(field, "A day cannot be null."));
                continue;
            }
            if (!DateOnly.TryParseExact(request.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problems.Add(new($"{field}.date", $"'{request.Date}' is not a date; write it as yyyy-MM-dd in the Common Era, for example 2027-02-17."));
                continue;
            }
            if (previous is { } p && date <= p)
            {
                problems.Add(new($"{field}.date", $"Days must be in order with no repeats: {date:yyyy-MM-dd} comes after {p:yyyy-MM-dd}."));
            }
            previous = date;

            var sessions = new List<Session>();
            if (request.Sessions is null || request.Sessions.Count == 0)
            {
                problems.Add(new($"{field}.sessions", "Each day needs at least one session."));
            }
            for (var s = 0; s < (request.Sessions?.Count ?? 0); s++)
            {
                var session = SessionOf(request.Sessions![s], $"{field}.sessions[{s}]", $"d{d + 1}s{s + 1}", date, zone, problems);
                if (session is not null)
                {
                    sessions.Add(session);
                }
            }
            sessions.Sort((a, b) => a.Start.CompareTo(b.Start));
            days.Add(new ProgrammeDay(date, sessions));
        }

        if (zone is not null)
        {
            Overlaps(days, requests, zone, problems);
        }
        return days;
    }

    static Session? SessionOf(SessionRequest? request, string field, string id, DateOnly date, TimeZoneInfo? zone, List<Problem> problems)
    {
        if (request is null)
        {
            problems.Add(new(field, "A session cannot be null."));
            return null;
        }
        var count = problems.Count;
        var title = RequiredText(request.Title, $"{field}.title", problems);
        if (!TryTime(request.Start, out var start))
        {
            problems.Add(new($"{field}.start", $"'{request.Start}' is not a time; write it as HH:mm, for example 09:00."));
        }
        if (!TryTime(request.End, out var end))
        {
            problems.Add(new($"{field}.end", $"'{request.End}' is not a time; write it as HH:mm, for example 16:30."));
        }
        if (!WireNames.TryParse<SessionKind>(request.Kind, out var kind))
        {
            problems.Add(new($"{field}.kind", $"Unknown kind '{request.Kind}'; use one of {WireNames.Choices<SessionKind>()}."));
        }
        OptionalText(request.Location?.Name, $"{field}.location.name", problems);
        OptionalText(request.Location?.Address, $"{field}.location.address", problems);
        if (request.Location?.MapUrl is { } mapUrl && !IsWebLink(mapUrl))
        {
            problems.Add(new($"{field}.location.mapUrl", "The map link must be an http or https address."));
        }

        StudyVisit? visit = null;
        if (kind == SessionKind.StudyVisit && request.StudyVisit is null)
        {
            problems.Add(new($"{field}.studyVisit", "A study visit needs its host, contact, departure and return."));
        }
        if (request.StudyVisit is { } v)
        {
            var host = RequiredText(v.Host, $"{field}.studyVisit.host", problems);
            OptionalText(v.Contact, $"{field}.studyVisit.contact", problems);
            Departure? departure = null;
            if (v.Departure is { } dep)
            {
                var place = RequiredText(dep.Place, $"{field}.studyVisit.departure.place", problems);
                if (!TryTime(dep.Time, out var departs))
                {
                    problems.Add(new($"{field}.studyVisit.departure.time", $"'{dep.Time}' is not a time; write it as HH:mm, for example 05:30."));
                }
                else if (departs > start && problems.Count == count)
                {
                    problems.Add(new($"{field}.studyVisit.departure.time", "The bus must leave at or before the visit starts."));
                }
                departure = place is null ? null : new Departure(place, departs);
            }
            TimeOnly? returns = null;
            if (v.ReturnTime is not null)
            {
                if (TryTime(v.ReturnTime, out var r))
                {
                    returns = r;
                }
                else
                {
                    problems.Add(new($"{field}.studyVisit.returnTime", $"'{v.ReturnTime}' is not a time; write it as HH:mm."));
                }
            }
            visit = host is null ? null : new StudyVisit(host, Clean(v.Contact), departure, returns);
        }
        var speakers = new List<string>();
        for (var i = 0; i < (request.Speakers?.Count ?? 0); i++)
        {
            var speaker = RequiredText(request.Speakers![i], $"{field}.speakers[{i}]", problems);
            if (speaker is not null)
            {
                speakers.Add(speaker);
            }
        }

        if (zone is not null && problems.Count == count)
        {
            foreach (var (what, time) in new[] { ("start", start), ("end", end) })
            {
                var local = date.ToDateTime(time);
                if (what == "end" && end <= start)
                {
                    local = local.AddDays(1);
                }
                if (zone.IsInvalidTime(local))
                {
                    problems.Add(new($"{field}.{what}", $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks skip it for daylight saving."));
                }
                else if (zone.IsAmbiguousTime(local))
                {
                    problems.Add(new($"{field}.{what}", $"{local:yyyy-MM-dd HH:mm} happens twice in {zone.Id} as the clocks go back; pick another time."));
                }
            }
        }

        return problems.Count > count
            ? null
            : new Session
            {
                Id = id,
                Start = start,
                End = end,
                Title = title!,
                Kind = kind,
                Location = request.Location is null ? null : new Location(Clean(request.Location.Name), Clean(request.Location.Address), Clean(request.Location.MapUrl)),
                Speakers = speakers,
                StudyVisit = visit,
            };
    }

    static void Overlaps(List<ProgrammeDay> days, List<DayRequest> requests, TimeZoneInfo zone, List<Problem> problems)
    {
        var spans = days
            .SelectMany((day, d) => day.Sessions.Select(s => (Day: d, Session: s,
                Start: ProgrammeTime.StartOf(day, s, zone), End: ProgrammeTime.EndOf(day, s, zone))))
            .OrderBy(x => x.Start)
            .ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            var (before, after) = (spans[i - 1], spans[i]);
            if (after.Start < before.End)
            {
                var index = requests[after.Day].Sessions!.FindIndex(r => r?.Title?.Trim() == after.Session.Title && TryTime(r.Start, out var t) && t == after.Session.Start);
                problems.Add(new($"days[{after.Day}].sessions[{Math.Max(index, 0)}]",
                    $"'{after.Session.Title}' starts at {after.Session.Start:HH\\:mm} before '{before.Session.Title}' ends at {before.Session.End:HH\\:mm}; sessions must not overlap."));
            }
        }
    }

    static List<Participant> Participants(List<ParticipantRequest>? requests, string programmeLanguage, List<Problem> problems)
    {
        var participants = new List<Participant>();
        if (requests is null)
        {
            return participants;
        }
        if (requests.Count > MaxParticipants)
        {
            problems.Add(new("participants", $"At most {MaxParticipants} participants can be invited to one programme."));
            return participants;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < requests.Count; i++)
        {
            var participant = ParticipantOf(requests[i], $"participants[{i}]", programmeLanguage, seen, problems);
            if (participant is not null)
            {
                participants.Add(participant);
            }
        }
        return participants;
    }

    /// <summary>Validates one roster entry; also used when an organiser adds people later.</summary>
    public static Participant? ParticipantOf(ParticipantRequest? request, string field, string programmeLanguage, ISet<string> seenEmails, List<Problem> problems)
    {
        if (request is null)
        {
            problems.Add(new(field, "A participant cannot be null."));
            return null;
        }
        var count = problems.Count;
        var name = RequiredText(request.Name, $"{field}.name", problems);
        var email = Email(request.Email, $"{field}.email", seenEmails, problems);
        if (!WireNames.TryParse<ParticipantRole>(request.Role, out var role))
        {
            problems.Add(new($"{field}.role", $"Unknown role '{request.Role}'; use one of {WireNames.Choices<ParticipantRole>()}."));
        }
        OptionalText(request.Site, $"{field}.site", problems);
        var language = Language(request.Language, $"{field}.language", programmeLanguage, problems);
        return problems.Count > count
            ? null
            : new Participant
            {
                Id = ParticipantIds.For(email!),
                Name = name!,
                Email = email!,
                Role = role,
                Site = Clean(request.Site),
                Language = language,
            };
    }

    static string? Email(string? text, string field, ISet<string> seen, List<Problem> problems)
    {
        var email = text?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            problems.Add(new(field, "An email address is required."));
            return null;
        }
        if (!IsEmail(email))
        {
            problems.Add(new(field, $"'{email}' is not a valid email address."));
            return null;
        }
        if (!seen.Add(email))
        {
            problems.Add(new(field, $"{email} is listed more than once."));
            return null;
        }
        return email;
    }

    public static bool IsEmail(string email) =>
        email.Length <= 254
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && EmailShape().IsMatch(email);

    static string Language(string? text, string field, string fallback, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        var language = text.Trim().ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            problems.Add(new(field, $"Language '{text}' is not supported; use 'th' or 'en'."));
            return fallback;
        }
        return language;
    }

    static string? RequiredText(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new(field, "This field is required."));
            return null;
        }
        return OptionalText(text, field, problems);
    }

    static string? OptionalText(string? text, string field, List<Problem> problems)
    {
        if (text is not null && text.Length > MaxText)
        {
            problems.Add(new(field, $"Keep this under {MaxText} characters."));
            return null;
        }
        if (text is not null && text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            problems.Add(new(field, "This text contains control characters."));
            return null;
        }
        return Clean(text);
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    static bool IsWebLink(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetTimestamp();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
