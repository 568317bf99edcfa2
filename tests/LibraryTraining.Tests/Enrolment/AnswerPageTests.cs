using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using LibraryTraining.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>The participant's answer page over real HTTP: showing, answering, details, calendar, bad links.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class AnswerPageTests(RunnerFixture runner)
{
    [Fact]
    public async Task AnswerPage_AcceptThenDetailsThenDecline_RecordsEachAnswerAndARepeatChangesNothing()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 22);
        var invitation = mails.First(m => m.Kind == "invitation" && m.To == "participant04@example.org");
        var link = EnrolmentRunner.LinkIn(invitation);

        var page = await runner.Anonymous.GetStringAsync(link);
        Assert.Contains("lang=\"th\"", page, StringComparison.Ordinal);
        Assert.Contains("ตอบรับเข้าร่วม", page, StringComparison.Ordinal);
        Assert.Contains("ลานจอดรถ อบจ.พิษณุโลก", page, StringComparison.Ordinal);
        Assert.Contains("Noto Sans Thai", page, StringComparison.Ordinal);
        Assert.Contains("Bus departs", await runner.Anonymous.GetStringAsync(link + "?lang=en"), StringComparison.Ordinal);

        using var accept = EnrolmentRunner.Form(("decision", "accept"));
        var accepted = await runner.Anonymous.PostAsync(link, accept);
        var html = await accepted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", EnrolmentRunner.StatusOn(html));
        Assert.Contains("ท่านได้รับที่นั่งแล้ว", html, StringComparison.Ordinal);
        Assert.Contains("name=\"emergencyContact\"", html, StringComparison.Ordinal);

        var store = runner.Get<ProgrammeStore>();
        var participantId = invitation.ParticipantId!;
        var version = (await store.FindParticipantAsync(id, participantId, default))!.AnswerVersion;
        using var again = EnrolmentRunner.Form(("decision", "accept"));
        Assert.Equal("accepted", EnrolmentRunner.StatusOn(await (await runner.Anonymous.PostAsync(link, again)).Content.ReadAsStringAsync()));
        Assert.Equal(version, (await store.FindParticipantAsync(id, participantId, default))!.AnswerVersion);

        using var badPhone = EnrolmentRunner.Form(("phone", "call me"), ("dietary", "มังสวิรัติ"));
        var rejected = await runner.Anonymous.PostAsync(link + "/details", badPhone);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("081 234 5678", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var details = EnrolmentRunner.Form(("phone", "081 234 5678"), ("dietary", "มังสวิรัติ <ไม่ทานเนื้อ>"), ("emergencyContact", "สมศรี 089 000 0000"), ("accommodation", "yes"));
        var saved = await (await runner.Anonymous.PostAsync(link + "/details", details)).Content.ReadAsStringAsync();
        Assert.Contains("บันทึกข้อมูลแล้ว", saved, StringComparison.Ordinal);
        Assert.Contains("มังสวิรัติ &lt;ไม่ทานเนื้อ&gt;", saved, StringComparison.Ordinal);
        var stored = await runner.Get<RegistrationDetailsStore>().FindAsync(id, participantId, default);
        Assert.Equal(new RegistrationDetails("มังสวิรัติ <ไม่ทานเนื้อ>", "081 234 5678", "สมศรี 089 000 0000", true), stored);

        // The confirmation mail carries the calendar; mails for answers go out in the background.
        var confirmation = (await runner.MailsAsync(id, m => m.Any(x => x.Kind == "confirmation"))).Single(m => m.Kind == "confirmation");
        Assert.Equal("programme.ics", Assert.Single(confirmation.Attachments).Filename);

        using var decline = EnrolmentRunner.Form(("decision", "decline"), ("reason", "ติดภารกิจ <b>ด่วน</b>"));
        var declined = await (await runner.Anonymous.PostAsync(link, decline)).Content.ReadAsStringAsync();
        Assert.Equal("declined", EnrolmentRunner.StatusOn(declined));
        Assert.Equal("ติดภารกิจ <b>ด่วน</b>", (await store.FindParticipantAsync(id, participantId, default))!.DeclineReason);
    }

    [Fact]
    public async Task Calendar_ParsesAndHoldsEverySessionAndBusDeparture_AtBangkokTimes()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var token = (await runner.TokensAsync(id)).First().Value;
        var response = await runner.Anonymous.GetAsync($"api/rsvp/{token}/calendar.ics");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);

        var calendar = Calendar.Load(text)!;
        var programme = (await runner.Get<ProgrammeStore>().FindAsync(id, default))!;
        Assert.Equal(7 + 2, calendar.Events.Count); // seven sessions, two bus departures
        var opening = calendar.Events.Single(e => e.Summary == "พิธีเปิดการฝึกอบรม");
        Assert.Equal("Asia/Bangkok", opening.DtStart!.TzId);
        Assert.Equal(programme.FirstDate.ToDateTime(new TimeOnly(1, 30)), opening.DtStart.AsUtc); // 08:30 +07:00
        var bus = calendar.Events.Where(e => e.Summary!.StartsWith("รถออก", StringComparison.Ordinal)).OrderBy(e => e.DtStart!.AsUtc).First();
        Assert.Equal(programme.Days[1].Date.ToDateTime(new TimeOnly(5, 30)).AddHours(-7), bus.DtStart!.AsUtc);
        Assert.Equal("ลานจอดรถ อบจ.พิษณุโลก", bus.Location);
        Assert.All(calendar.Events, e => Assert.Equal(0, e.Sequence));

        var cancelled = Calendar.Load(ProgrammeCalendar.Write(programme with { ScheduleRevision = 2 }, ProgrammeCalendar.Kind.Cancel))!;
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.All(cancelled.Events, e => Assert.Equal(3, e.Sequence));
        Assert.All(cancelled.Events, e => Assert.Equal("CANCELLED", e.Status));
    }

    [Fact]
    public async Task BadLinks_GetAClearPage_404ForUnknown_410ForRevokedOrExpired_NeverAStackTrace()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var (participantId, token) = (await runner.TokensAsync(id)).First();

        foreach (var unknown in new[] { "nonsense", new string('A', 43), "..%2F..%2Fetc" })
        {
            var response = await runner.Anonymous.GetAsync($"api/rsvp/{unknown}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("ไม่พบลิงก์นี้", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        }

        var reissue = await runner.Http.PostAsync($"api/programmes/{id}/participants/{participantId}/link", null);
        Assert.Equal(HttpStatusCode.Created, reissue.StatusCode);
        var fresh = new Uri((await reissue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetString()!).PathAndQuery.TrimStart('/');
        var old = await runner.Anonymous.GetAsync($"api/rsvp/{token}");
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        Assert.Contains("ลิงก์นี้ถูกยกเลิกแล้ว", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var late = EnrolmentRunner.Form(("decision", "accept"));
        Assert.Equal(HttpStatusCode.Gone, (await runner.Anonymous.PostAsync($"api/rsvp/{token}", late)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await runner.Anonymous.GetAsync(fresh)).StatusCode);

        var expired = await runner.Get<ParticipantLinks>().IssueAsync(id, participantId, 99, DateTimeOffset.UtcNow.AddMinutes(-1), default);
        var gone = await runner.Anonymous.GetAsync($"api/rsvp/{expired}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("หมดอายุ", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var maybe = EnrolmentRunner.Form(("decision", "maybe"));
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.Anonymous.PostAsync(fresh, maybe)).StatusCode);
        using var json = new StringContent("{\"decision\":\"accept\"}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await runner.Anonymous.PostAsync(fresh, json)).StatusCode);
    }

    [Fact]
    public async Task AfterEnrolmentCloses_AnAnswerIsNotRecorded_AndThePageSaysContactTheOrganiser()
    {
        // 200,000× clock: the 20-day enrolment closes about nine seconds after creation.
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(clockSpeed: 200_000));
        var (participantId, token) = (await runner.TokensAsync(id)).First();
        var programme = (await runner.Get<ProgrammeStore>().FindAsync(id, default))!;
        var closesIn = programme.Clock.ToReal(programme.EnrolmentDeadline) - DateTimeOffset.UtcNow;
        await Task.Delay(closesIn > TimeSpan.Zero ? closesIn + TimeSpan.FromMilliseconds(200) : TimeSpan.Zero);

        using var accept = EnrolmentRunner.Form(("decision", "accept"));
        var response = await runner.Anonymous.PostAsync($"api/rsvp/{token}", accept);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("กรุณาติดต่อผู้จัด", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"decision\"", html, StringComparison.Ordinal);
        Assert.NotEqual(AnswerStatus.Accepted, (await runner.Get<ProgrammeStore>().FindParticipantAsync(id, participantId, default))!.Status);
    }

    [Fact]
    public async Task GetFloodOnEveryLink_ChangesNothingInStorage()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 22);
        await EnrolmentRunner.WaitForAsync(() => runner.Get<ProgrammeStore>().ParticipantsAsync(id, default), r => r.All(p => p.InvitedAt is not null));
        var links = mails.Where(m => m.Kind == "invitation").Select(EnrolmentRunner.LinkIn).ToList();
        var tokens = links.Select(l => l.Split('/')[^1]).ToList();
        var before = await runner.SnapshotAsync(id, tokens);

        // What a mail scanner does: open every link, its variants and its calendar, repeatedly and at once.
        var paths = links.SelectMany(l => new[] { l, l + "?lang=en", l + "/calendar.ics", l + "/details" }).ToList();
        var requested = Enumerable.Range(0, 3).SelectMany(_ => paths).ToList();
        var responses = await Task.WhenAll(requested.Select(p => runner.Anonymous.GetAsync(p)));
        // Every link is valid: its page and calendar answer 200; the details form takes POST only.
        Assert.All(requested.Zip(responses), x => Assert.True(
            x.Second.StatusCode == (x.First.EndsWith("/details", StringComparison.Ordinal) ? HttpStatusCode.MethodNotAllowed : HttpStatusCode.OK),
            $"GET {x.First.Split('/')[^1]}…: {(int)x.Second.StatusCode}"));
        using var head = new HttpRequestMessage(HttpMethod.Head, links[0]);
        await runner.Anonymous.SendAsync(head);

        Assert.Equal(before, await runner.SnapshotAsync(id, tokens));
    }
}
