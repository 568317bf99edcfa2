using LibraryTraining.Attendance;
using LibraryTraining.Enrolment;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining.Tests.Attendance;

/// <summary>A clock the tests move by hand.</summary>
public sealed class MovableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => this.Now;
}

/// <summary>
/// The app's services over the shared Azurite, with a clock the test moves, and the seed programme
/// stored with its 22 participants holding places. No host: these tests call the services directly.
/// </summary>
public sealed class AttendanceWorld
{
    public required ServiceProvider Services { get; init; }
    public required MovableClock Clock { get; init; }
    public required Programme Programme { get; init; }
    public required IReadOnlyList<Participant> Participants { get; init; }

    public T Get<T>() where T : notnull => this.Services.GetRequiredService<T>();

    /// <summary>The seed as written (14–16 Feb 2561 shape, moved to 2027), real-time clock.</summary>
    public static async Task<AttendanceWorld> CreateAsync(double threshold = 0.8)
    {
        var configuration = TestSettings.Configuration(await SharedAzurite.ConnectionStringAsync());
        var clock = new MovableClock(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLibraryTraining(configuration);
        var provider = services.BuildServiceProvider();

        var id = "t" + Guid.NewGuid().ToString("N")[..12];
        var result = ProgrammeValidator.Validate(SeedProgramme.Example(), id, clock.Now);
        Assert.Empty(result.Problems);
        var programme = result.Programme! with { AttendanceThreshold = threshold };
        var participants = result.Participants.Select(p => p with { Status = AnswerStatus.Accepted, InvitedAt = clock.Now, AnsweredAt = clock.Now }).ToList();
        await provider.GetRequiredService<ProgrammeStore>().CreateAsync(programme, participants, default);
        return new AttendanceWorld { Services = provider, Clock = clock, Programme = programme, Participants = participants };
    }

    public Session Session(string id) => CheckInWindow.Find(this.Programme, id)!.Value.Session;

    public DateTimeOffset StartOf(string sessionId)
    {
        var (day, session) = CheckInWindow.Find(this.Programme, sessionId)!.Value;
        return ProgrammeTime.StartOf(day, session, this.Programme.Zone);
    }

    public async Task<string> TokenAsync(Participant p) =>
        await this.Get<ParticipantLinks>().IssueAsync(this.Programme.Id, p.Id, p.LinkGeneration, DateTimeOffset.MaxValue.AddDays(-1), default);

    public async Task AttendAsync(Participant p, params string[] sessionIds)
    {
        // Straight to the store: the organiser's tick is tested on its own, and this keeps fixtures fast.
        foreach (var s in sessionIds)
        {
            await this.Get<AttendanceStore>().AddAsync(this.Programme.Id, new CheckIn(s, p.Id, this.Clock.Now, CheckInSource.Organiser), default);
        }
    }
}
