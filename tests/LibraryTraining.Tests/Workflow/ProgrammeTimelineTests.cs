using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Workflow;

/// <summary>Every decision about time, as pure functions of the programme's data.</summary>
public sealed class ProgrammeTimelineTests
{
    static Programme Seed(DateTimeOffset createdAt, Func<ProgrammeRequest, ProgrammeRequest>? change = null)
    {
        var request = change is null ? SeedProgramme.Example() : change(SeedProgramme.Example());
        var result = ProgrammeValidator.Validate(request, "p1", createdAt);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        return result.Programme!;
    }

    static DateTimeOffset Bangkok(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Plan_ForTheSeed_InvitesRemindsClosesInstructsBriefsAndWrapsUp_InOrder()
    {
        var plan = ProgrammeTimeline.Plan(Seed(Bangkok(1, 10, 9)));

        Assert.Equal(
            ["invite", "reminder:P3D", "reminder:P1D", "close", "joining", "briefing:2027-02-17", "briefing:2027-02-18", "briefing:2027-02-19", "wrap-up"],
            plan.Select(s => s.Id));
        Assert.Equal(Bangkok(2, 7, 17), plan[1].Due);
        Assert.Equal(Bangkok(2, 9, 17), plan[2].Due);
        Assert.Equal(Bangkok(2, 10, 17), plan[3].Due);
        Assert.Equal(Bangkok(2, 10, 17), plan[4].Due); // seven days before is 10 Feb 09:00, before the deadline: right after it
        Assert.Equal(Bangkok(2, 17, 6), plan[5].Due);
        Assert.Equal(Bangkok(2, 17, 18), plan[6].Due); // the bus leaves at 05:30: the briefing goes the evening before
        Assert.Equal(Bangkok(2, 19, 6), plan[7].Due);  // the bus leaves at 07:30: a 06:00 briefing is early enough
        Assert.Equal(Bangkok(2, 19, 14), plan[8].Due); // an hour after the last session ends
    }

    [Fact]
    public void Plan_WhenTheDeadlineHasAlreadyPassed_SkipsRemindersAndClosesAtOnce()
    {
        var createdAt = Bangkok(2, 12, 8);
        var plan = ProgrammeTimeline.Plan(Seed(createdAt));

        Assert.DoesNotContain(plan, s => s.Kind == StepKind.Reminder);
        Assert.DoesNotContain(plan, s => s.Kind == StepKind.JoiningInstructions && s.Due < createdAt);
        var close = Assert.Single(plan, s => s.Kind == StepKind.CloseEnrolment);
        Assert.Equal(createdAt, close.Due);
    }

    [Fact]
    public void Plan_CreatedDuringTheProgramme_BriefsOnlyTheDaysStillAhead()
    {
        var plan = ProgrammeTimeline.Plan(Seed(Bangkok(2, 18, 12), r => r with { EnrolmentDeadline = "2027-02-16T17:00:00+07:00" }));
        Assert.Equal(["briefing:2027-02-19"], plan.Where(s => s.Kind == StepKind.DailyBriefing).Select(s => s.Id));
        Assert.Equal("wrap-up", plan[^1].Id);
    }

    [Fact]
    public void SessionCrossingMidnight_EndsTheNextDay_AndTheWrapUpWaitsForIt()
    {
        var programme = Seed(Bangkok(1, 10, 9), r => r with
        {
            Days = [.. r.Days!.Take(2), r.Days![2] with { Sessions = [new SessionRequest { Start = "20:00", End = "01:30", Title = "Night bus home", Kind = "travel" }] }],
        });
        var lastDay = programme.Days[^1];
        Assert.True(lastDay.Sessions[0].CrossesMidnight);
        Assert.Equal(Bangkok(2, 20, 1, 30), ProgrammeTime.EndOf(lastDay, lastDay.Sessions[0], programme.Zone));
        Assert.Equal(Bangkok(2, 20, 2, 30), ProgrammeTimeline.Plan(programme)[^1].Due);
    }

    [Fact]
    public void SessionsAcrossMidnight_OverlappingTheNextMorning_AreRefused()
    {
        var request = SeedProgramme.Example();
        var days = request.Days!.ToList();
        days[0] = days[0] with { Sessions = [.. days[0].Sessions!, new SessionRequest { Start = "22:00", End = "11:30", Title = "Overnight travel", Kind = "travel" }] };
        var result = ProgrammeValidator.Validate(request with { Days = days }, "p1", Bangkok(1, 10, 9));
        Assert.Contains(result.Problems, p => p.Field == "days[1].sessions[0]" && p.Message.Contains("must not overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_InAZoneWithDaylightSaving_UsesEachDaysOwnOffset()
    {
        // Europe/London changes from GMT to BST on 28 March 2027; a 09:00 briefing moves by an hour in UTC.
        var programme = Seed(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero), r => r with
        {
            TimeZone = "Europe/London",
            EnrolmentDeadline = "2027-03-20T17:00:00+00:00",
            BriefingTime = "07:00",
            Days =
            [
                new DayRequest { Date = "2027-03-27", Sessions = [new SessionRequest { Start = "09:00", End = "17:00", Title = "Day one", Kind = "lecture" }] },
                new DayRequest { Date = "2027-03-28", Sessions = [new SessionRequest { Start = "09:00", End = "17:00", Title = "Day two", Kind = "lecture" }] },
            ],
        });
        var briefings = ProgrammeTimeline.Plan(programme).Where(s => s.Kind == StepKind.DailyBriefing).Select(s => s.Due.UtcDateTime.Hour).ToList();
        Assert.Equal([7, 6], briefings);
    }

    [Theory]
    [InlineData(new string[] { }, "2027-02-01T00:00:00+07:00", Phase.Inviting)]
    [InlineData(new[] { "invite" }, "2027-02-01T00:00:00+07:00", Phase.Enrolling)]
    [InlineData(new[] { "invite", "close" }, "2027-02-12T00:00:00+07:00", Phase.Confirmed)]
    [InlineData(new[] { "invite", "close" }, "2027-02-18T10:00:00+07:00", Phase.InProgress)]
    [InlineData(new[] { "invite", "close" }, "2027-02-19T13:30:00+07:00", Phase.WrappingUp)]
    [InlineData(new[] { "invite", "close", "wrap-up" }, "2027-02-19T15:00:00+07:00", Phase.Completed)]
    public void PhaseOf_FollowsWhatIsDoneAndTheTime(string[] done, string now, Phase expected)
    {
        var programme = Seed(Bangkok(1, 10, 9));
        Assert.Equal(expected, ProgrammeTimeline.PhaseOf(programme, done, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Clock_AtSpeed_MapsProgrammeTimeToWallClockAndBack()
    {
        var origin = Bangkok(1, 10, 9);
        var clock = new ProgrammeClock(origin, origin, 1440); // a programme day per wall-clock minute
        Assert.Equal(origin + TimeSpan.FromMinutes(3), clock.ToReal(origin + TimeSpan.FromDays(3)));
        Assert.Equal(origin + TimeSpan.FromDays(3), clock.ToProgramme(origin + TimeSpan.FromMinutes(3)));
        Assert.Equal(origin, ProgrammeClock.RealTime.ToReal(origin));
    }
}
