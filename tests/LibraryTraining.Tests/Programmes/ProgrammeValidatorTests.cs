using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Programmes;

/// <summary>A mistake in a programme gets a message that names the field and says what to fix.</summary>
public sealed class ProgrammeValidatorTests
{
    static readonly DateTimeOffset Now = new(2027, 1, 10, 9, 0, 0, TimeSpan.FromHours(7));

    static ProgrammeValidator.Result Validate(ProgrammeRequest request) => ProgrammeValidator.Validate(request, "p1", Now);

    static IEnumerable<string> Fields(ProgrammeValidator.Result result) => result.Problems.Select(p => p.Field);

    [Fact]
    public void Validate_TheSeedExample_IsValid_With22ParticipantsFrom12Sites()
    {
        var result = Validate(SeedProgramme.Example());
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(22, result.Participants.Count);
        Assert.Equal(13, result.Participants.Select(p => p.Site).Distinct().Count()); // 3 schools, 9 district libraries, and the division's own staff
        Assert.Equal(3, result.Programme!.Days.Count);
        Assert.Equal(2, result.Programme.Days.SelectMany(d => d.Sessions).Count(s => s.Kind == SessionKind.StudyVisit));
        Assert.Equal("Asia/Bangkok", result.Programme.TimeZone);
    }

    [Fact]
    public void Validate_DeadlineAfterTheFirstSession_NamesTheDeadline()
    {
        var result = Validate(SeedProgramme.Example() with { EnrolmentDeadline = "2027-02-17T09:00:00+07:00" });
        var problem = Assert.Single(result.Problems);
        Assert.Equal("enrolmentDeadline", problem.Field);
        Assert.Contains("before the first session", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicatedAndInvalidEmails_AreEachReportedByIndex()
    {
        var people = SeedProgramme.Example().Participants!;
        var result = Validate(SeedProgramme.Example() with
        {
            Participants = [.. people, people[3] with { Email = people[3].Email!.ToUpperInvariant() }, people[0] with { Email = "someone@" }],
        });
        Assert.Equal(["participants[22].email", "participants[23].email"], Fields(result));
        Assert.Contains("more than once", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("not a valid email", result.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DaysOutOfOrder_AndOverlappingSessions_AreReported()
    {
        var example = SeedProgramme.Example();
        var days = example.Days!.ToList();
        (days[1], days[2]) = (days[2], days[1]);
        var first = days[0].Sessions!.ToList();
        first[1] = first[1] with { Start = "09:00" }; // the lecture now starts during the opening ceremony
        days[0] = days[0] with { Sessions = first };

        var result = Validate(example with { Days = days });

        Assert.Contains("days[2].date", Fields(result));
        Assert.Contains(result.Problems, p => p.Field.StartsWith("days[0].sessions", StringComparison.Ordinal) && p.Message.Contains("must not overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EverythingWrong_ListsEveryProblemAtOnce()
    {
        var result = Validate(new ProgrammeRequest
        {
            TimeZone = "Mars/Olympus",
            Language = "fr",
            Capacity = 0,
            EnrolmentDeadline = "next week",
            ReminderOffsets = ["3 days"],
            Days = [new DayRequest { Date = "14/02/2561", Sessions = [] }],
            Participants = [new ParticipantRequest { Name = "", Email = "x", Role = "librarian" }],
        });
        Assert.Equal(
            ["title", "timeZone", "language", "capacity", "enrolmentDeadline", "reminderOffsets[0]", "organisers", "days[0].date",
             "participants[0].name", "participants[0].email", "participants[0].role"],
            Fields(result));
    }

    [Fact]
    public void Validate_StudyVisitWithoutItsDetails_AsksForThem()
    {
        var example = SeedProgramme.Example();
        var days = example.Days!.ToList();
        days[1] = days[1] with { Sessions = [days[1].Sessions![0] with { StudyVisit = null }] };
        Assert.Equal(["days[1].sessions[0].studyVisit"], Fields(Validate(example with { Days = days })));
    }

    [Fact]
    public void Validate_BusLeavingAfterTheVisitStarts_IsRefused()
    {
        var example = SeedProgramme.Example();
        var days = example.Days!.ToList();
        var visit = days[1].Sessions![0];
        days[1] = days[1] with { Sessions = [visit with { StudyVisit = visit.StudyVisit! with { Departure = new DepartureRequest { Place = "PAO", Time = "12:00" } } }] };
        Assert.Equal(["days[1].sessions[0].studyVisit.departure.time"], Fields(Validate(example with { Days = days })));
    }

    [Fact]
    public void Validate_ATimeSkippedByDaylightSaving_IsRefused()
    {
        // In Europe/London the clocks jump from 01:00 to 02:00 on 28 March 2027.
        var example = SeedProgramme.Example() with
        {
            TimeZone = "Europe/London",
            EnrolmentDeadline = "2027-03-20T17:00:00+00:00",
            Days = [new DayRequest { Date = "2027-03-28", Sessions = [new SessionRequest { Start = "01:30", End = "03:00", Title = "Night walk", Kind = "other" }] }],
        };
        var problem = Assert.Single(Validate(example).Problems);
        Assert.Equal("days[0].sessions[0].start", problem.Field);
        Assert.Contains("daylight saving", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ScriptInText_IsKeptAsText_ForEncodingWhereShown()
    {
        var result = Validate(SeedProgramme.Example() with { Title = "<script>alert(1)</script>" });
        Assert.True(result.IsValid);
        Assert.Equal("<script>alert(1)</script>", result.Programme!.Title);
    }

    [Fact]
    public void Validate_DefaultsTimeZoneAndLanguage_ToBangkokAndThai()
    {
        var result = Validate(SeedProgramme.Example() with { TimeZone = null, Language = null });
        Assert.Equal("Asia/Bangkok", result.Programme!.TimeZone);
        Assert.Equal("th", result.Programme.Language);
    }
}
