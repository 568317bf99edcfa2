namespace LibraryTraining.Programmes;

// The wire shape of POST /api/programmes. Dates and times stay strings here so that validation can
// report every malformed one by field, instead of the serializer stopping at the first.

public sealed record ProgrammeRequest
{
    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? TimeZone { get; init; }
    public string? Language { get; init; }
    public string? Venue { get; init; }
    public int? Capacity { get; init; }
    public List<QuotaRequest>? Quotas { get; init; }
    public string? EnrolmentDeadline { get; init; }
    public List<string>? ReminderOffsets { get; init; }
    public int? JoiningInstructionsDaysBefore { get; init; }
    public string? BriefingTime { get; init; }
    /// <summary>When organisers get the daily status email, "HH:mm" local; 07:00 when left out.</summary>
    public string? StatusTime { get; init; }
    public List<OrganiserRequest>? Organisers { get; init; }
    public List<DayRequest>? Days { get; init; }
    public List<ParticipantRequest>? Participants { get; init; }
    /// <summary>Compresses the programme's clock, for demos and accelerated tests: 1 is real time.</summary>
    public double? ClockSpeed { get; init; }
    /// <summary>Which details the answer page asks for after an acceptance; all of them when left out.</summary>
    public List<string>? RegistrationFields { get; init; }
    /// <summary>Share of the sessions (meals and travel aside) needed for a certificate, 0–1; 0.8 when left out.</summary>
    public double? AttendanceThreshold { get; init; }
    /// <summary>The feedback survey: its questions (defaults from the schedule when left out), how long it stays open, reminders.</summary>
    public Feedback.Survey? Survey { get; init; }
}

public sealed record QuotaRequest
{
    public string? Site { get; init; }
    public string? Role { get; init; }
    public int? Places { get; init; }
}

public sealed record OrganiserRequest
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }
}

public sealed record DayRequest
{
    public string? Date { get; init; }
    public List<SessionRequest>? Sessions { get; init; }
}

public sealed record SessionRequest
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Title { get; init; }
    public string? Kind { get; init; }
    public LocationRequest? Location { get; init; }
    public List<string>? Speakers { get; init; }
    public StudyVisitRequest? StudyVisit { get; init; }
}

public sealed record LocationRequest
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? MapUrl { get; init; }
}

public sealed record StudyVisitRequest
{
    public string? Host { get; init; }
    public string? Contact { get; init; }
    public DepartureRequest? Departure { get; init; }
    public string? ReturnTime { get; init; }
}

public sealed record DepartureRequest
{
    public string? Place { get; init; }
    public string? Time { get; init; }
}

public sealed record ParticipantRequest
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Role { get; init; }
    public string? Site { get; init; }
    public string? Language { get; init; }
}
