using LibraryTraining.Messaging;
using LibraryTraining.Status;

namespace LibraryTraining.Tests.Status;

/// <summary>What the daily status says: in each organiser's language, with the numbers, the changes since the last one, and what needs action.</summary>
public sealed class DailyStatusContentTests
{
    [Fact]
    public async Task DailyStatus_InThai_HasTheCountsDeclinesWithReasons_SilentPeopleWithReminders_AndABuddhistEraDate()
    {
        var start = StatusHost.NewWindow().AddHours(3);
        await using var host = await StatusHost.StartAsync(start);
        var programme = await host.CreateAsync(firstDayIn: 2, change: r => r with { Capacity = 5, Quotas = [] });
        var store = host.Get<ProgrammeStore>();
        var roster = (await store.ParticipantsAsync(programme.Id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var day1 = StatusHost.BangkokDate(start).AddDays(1);
        var answered = StatusHost.Bangkok(day1, 0, 30);
        await store.SaveParticipantsAsync(programme.Id,
        [
            roster[0] with { Status = AnswerStatus.Accepted, AnsweredAt = answered },
            roster[1] with { Status = AnswerStatus.Accepted, AnsweredAt = answered },
            roster[2] with { Status = AnswerStatus.Declined, AnsweredAt = answered, DeclineReason = "ติดราชการ <b>ด่วน</b> & ประชุม" },
            roster[3] with { Status = AnswerStatus.Declined, AnsweredAt = answered, DeclineReason = LibraryTraining.Enrolment.SeatBook.OfferExpiredReason },
            roster[4] with { Status = AnswerStatus.Waitlisted, AnsweredAt = answered, WaitlistSeq = 1 },
            roster[5] with { Status = AnswerStatus.Offered, AnsweredAt = answered, OfferExpiresAt = StatusHost.Bangkok(day1, 20, 0) },
            roster[6] with { Bounced = true },
            roster[7] with { LastRemindedAt = StatusHost.Bangkok(day1, 1, 15), Name = "นาง<สมศรี> ใจดี" },
        ], default);

        host.Clock.Now = StatusHost.Bangkok(day1, 7, 0);
        await host.Status.SendDueAsync(default);
        var thai = Assert.Single(host.Sender.Statuses, m => m.ProgrammeId == programme.Id && m.To == "education@example.org");
        var english = Assert.Single(host.Sender.Statuses, m => m.ProgrammeId == programme.Id && m.To == "training@example.org");

        var be = day1.Year + 543;
        Assert.Contains($"สรุปสถานะประจำวันที่ {day1.Day} ", thai.Subject, StringComparison.Ordinal);
        Assert.Contains($" {be}:", thai.Subject, StringComparison.Ordinal);
        Assert.Contains("ส่งคำเชิญแล้ว: 22", thai.Text, StringComparison.Ordinal);
        Assert.Contains("ตอบรับ: 2 จาก 5 ที่นั่ง", thai.Text, StringComparison.Ordinal);
        Assert.Contains("ปฏิเสธ: 2", thai.Text, StringComparison.Ordinal);
        Assert.Contains("ยังไม่ตอบ: 16", thai.Text, StringComparison.Ordinal);
        Assert.Contains("รายชื่อสำรอง: 2", thai.Text, StringComparison.Ordinal);
        Assert.Contains("ส่งอีเมลไม่ถึง: 1", thai.Text, StringComparison.Ordinal);
        Assert.Contains($"{roster[2].Name}", thai.Text, StringComparison.Ordinal);
        Assert.Contains("เหตุผล \u201cติดราชการ <b>ด่วน</b> & ประชุม\u201d", thai.Text, StringComparison.Ordinal);
        Assert.Contains("ไม่ได้ยืนยันที่นั่งที่เสนอภายในเวลา", thai.Text, StringComparison.Ordinal);
        Assert.Contains($"นาง<สมศรี> ใจดี", thai.Text, StringComparison.Ordinal);
        Assert.Contains($"เตือนล่าสุด {day1.Day} ", thai.Text, StringComparison.Ordinal);
        Assert.Contains($"{be} เวลา 01:15 น.", thai.Text, StringComparison.Ordinal);
        Assert.Contains("ยังไม่เคยเตือน", thai.Text, StringComparison.Ordinal);
        // What needs action: the bounce and the offer lapsing this evening.
        Assert.Contains($"ส่งอีเมลไม่ถึง: {roster[6].Name}", thai.Text, StringComparison.Ordinal);
        Assert.Contains($"ที่นั่งที่เสนอให้ {roster[5].Name}", thai.Text, StringComparison.Ordinal);
        Assert.Contains("20:00 น.", thai.Text, StringComparison.Ordinal);
        // Tomorrow's talks have no handout yet: that needs action too.
        Assert.Contains("ยังไม่มีเอกสารประกอบ:", thai.Text, StringComparison.Ordinal);
        // Tomorrow is the first day: its sessions are listed.
        Assert.Contains("พรุ่งนี้", thai.Text, StringComparison.Ordinal);
        Assert.Contains("พิธีเปิดการฝึกอบรม", thai.Text, StringComparison.Ordinal);
        Assert.Contains($"/api/programmes/{programme.Id}/dashboard", thai.Text, StringComparison.Ordinal);

        // Participant-supplied text is encoded in the HTML part, never markup.
        Assert.DoesNotContain("<b>ด่วน</b>", thai.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;ด่วน&lt;/b&gt; &amp; ประชุม", thai.Html, StringComparison.Ordinal);
        Assert.Contains("นาง&lt;สมศรี&gt; ใจดี", thai.Html, StringComparison.Ordinal);

        Assert.StartsWith($"Daily status, {day1.Day} ", english.Subject, StringComparison.Ordinal);
        Assert.Contains($" {day1.Year}:", english.Subject, StringComparison.Ordinal);
        Assert.Contains("Accepted: 2 of 5 places", english.Text, StringComparison.Ordinal);
        Assert.Contains("reason: \u201cติดราชการ <b>ด่วน</b> & ประชุม\u201d", english.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DailyStatus_NextDay_ShowsOnlyWhatChangedSinceTheLastOne_AndTheStudyVisitDeparture()
    {
        var start = StatusHost.NewWindow().AddHours(3);
        await using var host = await StatusHost.StartAsync(start);
        // First day two days on, so the second status (day1 + 1) has the study-visit day as tomorrow.
        var programme = await host.CreateAsync(firstDayIn: 2);
        var store = host.Get<ProgrammeStore>();
        var roster = (await store.ParticipantsAsync(programme.Id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var day1 = StatusHost.BangkokDate(start).AddDays(1);

        await store.SaveParticipantsAsync(programme.Id, [roster[0] with { Status = AnswerStatus.Accepted, AnsweredAt = StatusHost.Bangkok(day1, 6, 0) }], default);
        host.Clock.Now = StatusHost.Bangkok(day1, 7, 0);
        await host.Status.SendDueAsync(default);

        await store.SaveParticipantsAsync(programme.Id, [roster[1] with { Status = AnswerStatus.Declined, AnsweredAt = StatusHost.Bangkok(day1, 12, 0), DeclineReason = "ลาคลอด" }], default);
        host.Clock.Now = StatusHost.Bangkok(day1.AddDays(1), 7, 0);
        await host.Status.SendDueAsync(default);

        var mails = host.Sender.Statuses.Where(m => m.ProgrammeId == programme.Id && m.To == "training@example.org").ToList();
        Assert.Equal(2, mails.Count);
        Assert.Contains($"{Who(roster[0])}: accepted, has a place", mails[0].Text, StringComparison.Ordinal);
        Assert.Contains("What happened since the start", mails[0].Text, StringComparison.Ordinal);
        var second = mails[1].Text;
        Assert.Contains("What changed since", second, StringComparison.Ordinal);
        Assert.Contains("07:00", second, StringComparison.Ordinal);
        // The acceptance was reported yesterday: not again.
        Assert.DoesNotContain($"{Who(roster[0])}: accepted", second, StringComparison.Ordinal);
        Assert.Contains($"{Who(roster[1])}: reason: \u201cลาคลอด\u201d", second, StringComparison.Ordinal);
        // Day 2 of the programme is tomorrow for the second status: a study visit with a dawn bus.
        var visitDay = programme.Days.First(d => d.Sessions.Any(s => s.StudyVisit?.Departure is not null));
        Assert.Equal(day1.AddDays(2), visitDay.Date);
        var departure = visitDay.Sessions.First(s => s.StudyVisit?.Departure is not null).StudyVisit!.Departure!;
        Assert.Contains($"Departure: {departure.Time:HH:mm} from {departure.Place}", second, StringComparison.Ordinal);
    }

    /// <summary>How the status names a participant.</summary>
    static string Who(Participant p) => string.IsNullOrWhiteSpace(p.Site) ? p.Name : $"{p.Name} ({p.Site})";

    [Fact]
    public async Task StatusEmailNow_SendsAgainOnlyForANewRequest_AndTheScheduledOneStillGoes()
    {
        var start = StatusHost.NewWindow().AddHours(3);
        await using var host = await StatusHost.StartAsync(start);
        var programme = await host.CreateAsync();

        Assert.Equal(2, (await host.Status.SendNowAsync(programme.Id, "r1", default))!.Sent);
        Assert.Equal(0, (await host.Status.SendNowAsync(programme.Id, "r1", default))!.Sent);
        Assert.Equal(2, (await host.Status.SendNowAsync(programme.Id, "r2", default))!.Sent);
        Assert.Null(await host.Status.SendNowAsync("no-such-programme", "r3", default));

        host.Clock.Now = StatusHost.Bangkok(StatusHost.BangkokDate(start).AddDays(1), 7, 0);
        await host.Status.SendDueAsync(default);
        Assert.Equal(6, host.Sender.Statuses.Count(m => m.ProgrammeId == programme.Id));
        Assert.Equal(2, host.Sender.Statuses.Count(m => m.ProgrammeId == programme.Id && m.IdempotencyKey.StartsWith("daily-status|20", StringComparison.Ordinal)));
    }
}
