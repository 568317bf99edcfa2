using LibraryTraining.Attendance;

namespace LibraryTraining.Tests.Attendance;

/// <summary>Check-in per session: the venue code, the session's window, the roster and the bus roll-call.</summary>
public sealed class CheckInTests
{
    [Fact]
    public async Task SelfCheckIn_OutsideTheSessionWindow_IsRefusedAndNothingIsRecorded()
    {
        var world = await AttendanceWorld.CreateAsync();
        var service = world.Get<AttendanceService>();
        var code = world.Get<SessionCodes>().CodeFor(world.Programme.Id, "d1s2");
        var token = await world.TokenAsync(world.Participants[0]);
        var start = world.StartOf("d1s2"); // 09:45, ends 12:00

        world.Clock.Now = start - TimeSpan.FromMinutes(31);
        var early = await service.CheckInAsync(token, "d1s2", code, default);
        world.Clock.Now = start + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(16);
        var late = await service.CheckInAsync(token, "d1s2", code, default);

        Assert.Equal(CheckInRefusal.TooEarly, early.Refusal);
        Assert.Equal(CheckInRefusal.TooLate, late.Refusal);
        Assert.Empty(await world.Get<AttendanceStore>().ListAsync(world.Programme.Id, default));
        var (status, html) = SelfCheckInPage.Render(late, token, code);
        Assert.Equal(409, status);
        Assert.Contains("หมดเวลาเช็กอินแล้ว", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelfCheckIn_InsideTheWindowWithTheVenueCode_IsRecordedOnceAndOnlyByThePost()
    {
        var world = await AttendanceWorld.CreateAsync();
        var service = world.Get<AttendanceService>();
        var code = world.Get<SessionCodes>().CodeFor(world.Programme.Id, "d2s1");
        var token = await world.TokenAsync(world.Participants[3]);
        // The study visit starts at 11:00, but its bus leaves at 05:30: the window opens at 05:00.
        world.Clock.Now = world.StartOf("d2s1") - TimeSpan.FromHours(5) - TimeSpan.FromMinutes(50);

        var shown = await service.ViewAsync(token, "d2s1", code, default);
        Assert.Equal(CheckInRefusal.None, shown.Refusal);
        Assert.Empty(await world.Get<AttendanceStore>().ListAsync(world.Programme.Id, default));
        Assert.Contains("method=\"post\"", SelfCheckInPage.Render(shown, token, code).Html, StringComparison.Ordinal);

        var wrongCode = await service.CheckInAsync(token, "d2s1", world.Get<SessionCodes>().CodeFor(world.Programme.Id, "d3s1"), default);
        Assert.Equal(CheckInRefusal.BadCode, wrongCode.Refusal);

        var first = await service.CheckInAsync(token, "d2s1", code, default);
        world.Clock.Now += TimeSpan.FromMinutes(5);
        var again = await service.CheckInAsync(token, "d2s1", code, default);
        Assert.True(first.JustCheckedIn);
        Assert.False(again.JustCheckedIn);
        var stored = Assert.Single(await world.Get<AttendanceStore>().ListAsync(world.Programme.Id, default));
        Assert.Equal((first.CheckIn!.At, CheckInSource.Self), (stored.At, stored.Source));
    }

    [Fact]
    public async Task BusRollCall_ShowsAtOnceWhoIsMissing()
    {
        var world = await AttendanceWorld.CreateAsync();
        var missing = new[] { world.Participants[4], world.Participants[17] };
        world.Clock.Now = world.StartOf("d2s1") - TimeSpan.FromHours(5) - TimeSpan.FromMinutes(35); // 05:25 at the bus
        await Task.WhenAll(world.Participants.Except(missing).Select(p => world.AttendAsync(p, "d2s1")));

        var roster = (await world.Get<AttendanceService>().RosterAsync(world.Programme.Id, "d2s1", default))!;
        var html = RosterPage.Render(roster, "?code=k");

        Assert.Equal(20, roster.Present);
        Assert.Equal(missing.Select(p => p.Id).Order(), roster.Missing.Select(l => l.Participant.Id).Order());
        Assert.Contains("เช็กชื่อขึ้นรถ", html, StringComparison.Ordinal);
        Assert.Contains("ยังไม่มา 2 คน", html, StringComparison.Ordinal);
        // The missing are listed first, before anyone present.
        Assert.True(html.IndexOf(missing[0].Name, StringComparison.Ordinal) < html.IndexOf(world.Participants[0].Name, StringComparison.Ordinal));

        await world.Get<AttendanceService>().TickAsync(world.Programme.Id, "d2s1", missing[0].Id, present: true, default);
        await world.Get<AttendanceService>().TickAsync(world.Programme.Id, "d2s1", world.Participants[0].Id, present: false, default);
        var after = (await world.Get<AttendanceService>().RosterAsync(world.Programme.Id, "d2s1", default))!;
        Assert.Equal(new[] { world.Participants[0].Id, missing[1].Id }.Order(), after.Missing.Select(l => l.Participant.Id).Order());
    }
}
