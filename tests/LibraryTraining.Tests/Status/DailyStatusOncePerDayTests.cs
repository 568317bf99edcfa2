using LibraryTraining.Messaging;
using LibraryTraining.Status;

namespace LibraryTraining.Tests.Status;

/// <summary>
/// Each organiser gets exactly one daily status per programme-local day, at the status hour or later:
/// through double firings, two instances firing at once, late firings, restarts, a crash mid-send, and
/// with missed days not back-filled. Real storage (Azurite); the clock is moved by hand.
/// </summary>
public sealed class DailyStatusOncePerDayTests
{
    [Fact]
    public async Task Timer_FiringTwice_Concurrently_Late_AndAfterARestart_SendsOnePerOrganiserPerDay_WithoutBackFilling()
    {
        var start = StatusHost.NewWindow().AddHours(3); // 10:00 in Bangkok
        var first = await StatusHost.StartAsync(start);
        var programme = await first.CreateAsync();
        var day1 = StatusHost.BangkokDate(start).AddDays(1);

        // 06:59: not yet. No status on the day of creation either: its 07:00 was before the programme existed.
        first.Clock.Now = StatusHost.Bangkok(day1, 6, 59);
        await first.Status.SendDueAsync(default);
        Assert.Empty(first.Sender.Statuses);

        // 07:00: two instances fire at the same moment, then the first fires again.
        var second = await StatusHost.StartAsync(StatusHost.Bangkok(day1, 7, 0), first.Sender);
        first.Clock.Now = StatusHost.Bangkok(day1, 7, 0);
        await Task.WhenAll(first.Status.SendDueAsync(default), second.Status.SendDueAsync(default), first.Status.SendDueAsync(default));
        first.Clock.Now = StatusHost.Bangkok(day1, 7, 0).AddSeconds(5);
        await first.Status.SendDueAsync(default);
        Assert.Equal(2, Mine(first, programme).Count);

        // A restart: a new instance, no memory of the first, fires late in the morning.
        await first.DisposeAsync();
        await using var restarted = await StatusHost.StartAsync(StatusHost.Bangkok(day1, 9, 30), second.Sender);
        await restarted.Status.SendDueAsync(default);
        Assert.Equal(2, Mine(restarted, programme).Count);

        // Day 2: down all morning, fires late in the afternoon: that day's status, once.
        restarted.Clock.Now = StatusHost.Bangkok(day1.AddDays(1), 15, 0);
        await restarted.Status.SendDueAsync(default);
        await restarted.Status.SendDueAsync(default);

        // Day 3 passes with no firing at all; day 4 at 08:00 sends day 4's only.
        restarted.Clock.Now = StatusHost.Bangkok(day1.AddDays(3), 8, 0);
        await restarted.Status.SendDueAsync(default);
        await second.DisposeAsync();

        var mails = Mine(restarted, programme);
        Assert.Equal(6, mails.Count);
        Assert.Equal(
            new[] { day1, day1.AddDays(1), day1.AddDays(3) }.SelectMany(d => new[] { $"{d:yyyy-MM-dd}|education@example.org", $"{d:yyyy-MM-dd}|training@example.org" }).Order(StringComparer.Ordinal),
            mails.Select(m => $"{m.IdempotencyKey.Split('|')[1]}|{m.To}").Order(StringComparer.Ordinal));
        Assert.Equal(6, mails.Select(m => m.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task Timer_AfterACrashMidSend_SendsOnTheNextFiring_AndAClaimLeftByAKilledRunnerLapses()
    {
        var start = StatusHost.NewWindow().AddHours(3);
        await using var host = await StatusHost.StartAsync(start);
        var crashing = await host.CreateAsync();
        var killed = await host.CreateAsync();
        var day1 = StatusHost.BangkokDate(start).AddDays(1);
        host.Clock.Now = StatusHost.Bangkok(day1, 7, 0);

        // The mail sender fails once for the first programme: that firing hands nothing over for it.
        var failures = 1;
        host.Sender.Before = batch => batch.Any(m => m.ProgrammeId == crashing.Id) && Interlocked.Decrement(ref failures) >= 0
            ? throw new HttpRequestException("SendGrid is unreachable")
            : Task.CompletedTask;
        // A runner killed after claiming the second programme's day: its claim is left behind.
        Assert.NotNull(await host.Get<DailyStatusLedger>().TryClaimAsync(killed.Id, day1, default));

        var outcome = await host.Status.SendDueAsync(default);
        Assert.True(outcome.Failed >= 1);
        Assert.Empty(Mine(host, crashing));
        Assert.Empty(Mine(host, killed));

        // The next hourly firing: the failed one goes (its claim was given back); the dead claim still holds.
        host.Clock.Now = StatusHost.Bangkok(day1, 8, 0).AddMinutes(-55);
        await host.Status.SendDueAsync(default);
        Assert.Equal(2, Mine(host, crashing).Count);
        Assert.Empty(Mine(host, killed));

        // Once the lease has run out, the next firing takes the dead claim over and sends, once.
        host.Clock.Now = StatusHost.Bangkok(day1, 8, 0);
        await host.Status.SendDueAsync(default);
        await host.Status.SendDueAsync(default);
        Assert.Equal(2, Mine(host, killed).Count);
        Assert.Equal(2, Mine(host, crashing).Count);
    }

    [Fact]
    public async Task Timer_ForACancelledProgramme_OrAfterTheWrapUp_SendsNothing_AndHonoursTheProgrammesStatusTime()
    {
        var start = StatusHost.NewWindow().AddHours(3);
        await using var host = await StatusHost.StartAsync(start);
        var late = await host.CreateAsync(firstDayIn: 4, statusTime: "09:30");
        var cancelled = await host.CreateAsync(firstDayIn: 4);
        var store = host.Get<ProgrammeStore>();
        await store.UpdateAsync(cancelled.Id, p => p with { CancelledAt = start, CancellationReason = "น้ำท่วม" }, default);
        var day1 = StatusHost.BangkokDate(start).AddDays(1);

        host.Clock.Now = StatusHost.Bangkok(day1, 9, 0);
        await host.Status.SendDueAsync(default);
        Assert.Empty(Mine(host, late));
        host.Clock.Now = StatusHost.Bangkok(day1, 9, 30);
        await host.Status.SendDueAsync(default);
        Assert.Equal(2, Mine(host, late).Count);

        // Long after the last day: the programme is over, and nothing goes.
        host.Clock.Now = StatusHost.Bangkok(late.LastDate.AddDays(2), 10, 0);
        await host.Status.SendDueAsync(default);
        Assert.Equal(2, Mine(host, late).Count);
        Assert.Empty(Mine(host, cancelled));
        Assert.Null(StatusSchedule.DueDay(late, host.Clock.Now));
    }

    [Fact]
    public void DueDay_OnACompressedClock_CountsStatusDaysInProgrammeTime()
    {
        var created = new DateTimeOffset(2041, 3, 1, 3, 0, 0, TimeSpan.Zero); // 10:00 in Bangkok
        var programme = new Programme
        {
            Id = "compressed",
            Title = "t",
            TimeZone = "Asia/Bangkok",
            Language = "th",
            EnrolmentDeadline = created.AddDays(3),
            Organisers = [new Organiser("o", "o@example.org", "th")],
            Days = [new ProgrammeDay(new DateOnly(2041, 3, 8), [new Session { Id = "s1", Start = new(9, 0), End = new(12, 0), Title = "x", Kind = SessionKind.Lecture }])],
            CreatedAt = created,
            Clock = new ProgrammeClock(created, created, 1440), // a programme day is a real minute
        };
        // 07:00 the next programme morning is 21 programme hours after 10:00: 52.5 s of real time.
        Assert.Null(StatusSchedule.DueDay(programme, created.AddSeconds(50)));
        Assert.Equal(new DateOnly(2041, 3, 2), StatusSchedule.DueDay(programme, created.AddSeconds(53)));
        Assert.Equal(new DateOnly(2041, 3, 4), StatusSchedule.DueDay(programme, created.AddSeconds(53 + 120)));
        // After the wrap-up (8 March, 13:00 programme time) nothing is due.
        Assert.Null(StatusSchedule.DueDay(programme, created.AddMinutes(8)));
    }

    static List<OutgoingMail> Mine(StatusHost host, Programme programme) =>
        host.Sender.Statuses.Where(m => m.ProgrammeId == programme.Id).ToList();
}
