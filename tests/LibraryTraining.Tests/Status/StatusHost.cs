using System.Collections.Concurrent;
using LibraryTraining.Messaging;
using LibraryTraining.Status;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Tests.Status;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => this.Now;
}

/// <summary>Records every mail handed to the sender: a duplicate hand-off shows here even where the outbox would hide it.</summary>
public sealed class RecordingSender : IMailSender
{
    public ConcurrentQueue<OutgoingMail> Sent { get; } = new();
    public Func<IReadOnlyList<OutgoingMail>, Task>? Before { get; set; }

    public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        if (this.Before is { } before)
        {
            await before(batch);
        }
        foreach (var mail in batch)
        {
            this.Sent.Enqueue(mail);
        }
    }

    public List<OutgoingMail> Statuses => this.Sent.Where(m => m.Kind == MailKind.DailyStatus).ToList();
}

/// <summary>
/// The app's services on the shared Azurite with a hand-moved clock and a recording sender: one "runner
/// instance". Two of these on the same storage are two instances, and a new one after disposing the
/// first is a restart. Each test runs in its own far-future stretch of time, so the timer in one test
/// never finds another test's programmes due.
/// </summary>
public sealed class StatusHost : IAsyncDisposable
{
    static int windows;
    readonly ServiceProvider services;

    StatusHost(ServiceProvider services, ManualClock clock, RecordingSender sender)
    {
        this.services = services;
        this.Clock = clock;
        this.Sender = sender;
    }

    public ManualClock Clock { get; }
    public RecordingSender Sender { get; }

    public T Get<T>() where T : notnull => this.services.GetRequiredService<T>();

    public DailyStatusService Status => this.Get<DailyStatusService>();

    /// <summary>Midnight UTC of a 60-day stretch of the 2040s that no other test uses.</summary>
    public static DateTimeOffset NewWindow() =>
        new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(60 * Interlocked.Increment(ref windows));

    public static async Task<StatusHost> StartAsync(DateTimeOffset now, RecordingSender? sender = null)
    {
        var configuration = TestSettings.Configuration(await SharedAzurite.ConnectionStringAsync());
        var clock = new ManualClock(now);
        sender ??= new RecordingSender();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Critical))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IMailSender>(sender)
            .AddSingleton(configuration)
            .AddLibraryTraining(configuration)
            .BuildServiceProvider();
        return new StatusHost(services, clock, sender);
    }

    /// <summary>
    /// The seed programme stored as creating it would (no orchestration: nothing here needs one), created
    /// at the clock's now, first day <paramref name="firstDayIn"/> days later, with a Thai and an English organiser.
    /// </summary>
    public async Task<Programme> CreateAsync(int firstDayIn = 10, string? statusTime = null, double clockSpeed = 1, Func<ProgrammeRequest, ProgrammeRequest>? change = null)
    {
        var request = SeedProgramme.StartingSoon(this.Clock.Now, TimeSpan.FromDays(firstDayIn), TimeSpan.FromDays(firstDayIn - 3), clockSpeed) with
        {
            StatusTime = statusTime,
            Organisers =
            [
                new OrganiserRequest { Name = "กองการศึกษา อบจ.พิษณุโลก", Email = "education@example.org", Language = "th" },
                new OrganiserRequest { Name = "Training office", Email = "training@example.org", Language = "en" },
            ],
        };
        request = change?.Invoke(request) ?? request;
        var id = "st" + Guid.NewGuid().ToString("N")[..10];
        var result = ProgrammeValidator.Validate(request, id, this.Clock.Now);
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
        var invited = result.Participants.Select(p => p with { Status = AnswerStatus.Invited, InvitedAt = this.Clock.Now }).ToList();
        await this.Get<ProgrammeStore>().CreateAsync(result.Programme!, invited, default);
        return result.Programme!;
    }

    /// <summary>Bangkok wall-clock time on the given date, as an instant.</summary>
    public static DateTimeOffset Bangkok(DateOnly date, int hour, int minute = 0) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(7)).ToUniversalTime();

    public static DateOnly BangkokDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(7)).DateTime);

    public async ValueTask DisposeAsync() => await this.services.DisposeAsync();
}
