using System.Text.Json.Serialization;

namespace LibraryTraining.Programmes;

/// <summary>A validated programme: its schedule, settings and organisers. The roster is stored apart.</summary>
public sealed record Programme
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    public required string TimeZone { get; init; }
    public required string Language { get; init; }
    public string? Venue { get; init; }
    public int? Capacity { get; init; }
    public IReadOnlyList<Quota> Quotas { get; init; } = [];
    public required DateTimeOffset EnrolmentDeadline { get; init; }
    public IReadOnlyList<TimeSpan> ReminderOffsets { get; init; } = [];
    public int JoiningInstructionsDaysBefore { get; init; } = 7;
    public TimeOnly BriefingTime { get; init; } = new(6, 0);
    /// <summary>When organisers get the daily status email, local time in the programme's zone.</summary>
    public TimeOnly StatusTime { get; init; } = new(7, 0);
    public required IReadOnlyList<Organiser> Organisers { get; init; }
    public required IReadOnlyList<ProgrammeDay> Days { get; init; }
    public ProgrammeClock Clock { get; init; } = ProgrammeClock.RealTime;
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Raised on every schedule edit; calendars use it as SEQUENCE.</summary>
    public int ScheduleRevision { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancellationReason { get; init; }
    /// <summary>The optional questions the answer page asks after an acceptance.</summary>
    public IReadOnlyList<RegistrationField> RegistrationFields { get; init; } = RegistrationFieldDefaults.All;
    /// <summary>Share of the sessions that count (meals and travel aside) a participant must attend for a certificate.</summary>
    public double AttendanceThreshold { get; init; } = 0.8;
    /// <summary>The feedback survey after the programme; null means the defaults built from the schedule.</summary>
    public Feedback.Survey? Survey { get; init; }

    [JsonIgnore]
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
    [JsonIgnore]
    public DateOnly FirstDate => Days[0].Date;
    [JsonIgnore]
    public DateOnly LastDate => Days[^1].Date;
}

public sealed record Quota(string? Site, ParticipantRole? Role, int Places);

public sealed record Organiser(string Name, string Email, string Language);

public sealed record ProgrammeDay(DateOnly Date, IReadOnlyList<Session> Sessions);

public sealed record Session
{
    public required string Id { get; init; }
    public required TimeOnly Start { get; init; }
    public required TimeOnly End { get; init; }
    public required string Title { get; init; }
    public required SessionKind Kind { get; init; }
    public Location? Location { get; init; }
    public IReadOnlyList<string> Speakers { get; init; } = [];
    public StudyVisit? StudyVisit { get; init; }

    /// <summary>An end at or before the start means the session runs past midnight.</summary>
    [JsonIgnore]
    public bool CrossesMidnight => End <= Start;
}

public sealed record Location(string? Name, string? Address, string? MapUrl);

public sealed record StudyVisit(string Host, string? Contact, Departure? Departure, TimeOnly? ReturnTime);

public sealed record Departure(string Place, TimeOnly Time);

public enum RegistrationField { Dietary, Phone, EmergencyContact, Accommodation }

public static class RegistrationFieldDefaults
{
    public static IReadOnlyList<RegistrationField> All { get; } = Enum.GetValues<RegistrationField>();
}

public enum SessionKind { Ceremony, Lecture, Workshop, StudyVisit, Travel, Meal, Other }

public enum ParticipantRole { Executive, TeacherLibrarian, AssistantLibrarian, Staff, Speaker }

/// <summary>
/// Maps programme time onto wall-clock time. A speed above 1 runs a programme's weeks in minutes,
/// for the demo and accelerated tests; every timer and "now" goes through it.
/// </summary>
public sealed record ProgrammeClock(DateTimeOffset ProgrammeOrigin, DateTimeOffset RealOrigin, double Speed)
{
    public static ProgrammeClock RealTime { get; } = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

    public DateTimeOffset ToReal(DateTimeOffset programmeTime) =>
        Speed == 1 ? programmeTime : RealOrigin + (programmeTime - ProgrammeOrigin) / Speed;

    public DateTimeOffset ToProgramme(DateTimeOffset realTime) =>
        Speed == 1 ? realTime : ProgrammeOrigin + (realTime - RealOrigin) * Speed;
}
