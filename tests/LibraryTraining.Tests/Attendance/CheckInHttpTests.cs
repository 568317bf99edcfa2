using System.Net;
using LibraryTraining.Attendance;
using LibraryTraining.Certificates;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Attendance;

/// <summary>The attendance and certificate routes over real HTTP on the local runner.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class CheckInHttpTests(RunnerFixture runner)
{
    [Fact]
    public async Task VenueQr_OnAPhoneThatOpenedItsLink_LeadsToItsOwnCheckInPage_WhereOnlyThePostRecords()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(clockSpeed: 1));
        var (participantId, token) = (await runner.TokensAsync(id)).First();
        var code = runner.Get<SessionCodes>().CodeFor(id, "d1s1");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var phone = new HttpClient(handler) { BaseAddress = runner.Runner.Address };

        var before = await phone.GetAsync($"api/checkin/{id}/d1s1/{code}");
        Assert.Contains("เปิดลิงก์ส่วนตัวของท่านก่อน", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync($"api/checkin/{id}/d1s1/{new string('A', 22)}")).StatusCode);

        using var accept = EnrolmentRunner.Form(("decision", "accept"));
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsync($"api/rsvp/{token}", accept)).StatusCode);
        var scanned = await phone.GetAsync($"api/checkin/{id}/d1s1/{code}");
        Assert.Equal(HttpStatusCode.SeeOther, scanned.StatusCode);
        Assert.Equal($"/api/rsvp/{token}/checkin/d1s1?code={code}", scanned.Headers.Location!.OriginalString);

        // The programme is a month away: the page shows, the post is refused, nothing is stored.
        var page = await phone.GetAsync(scanned.Headers.Location.OriginalString.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("ยังไม่ถึงเวลาเช็กอิน", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var form = EnrolmentRunner.Form(("code", code));
        Assert.Equal(HttpStatusCode.Conflict, (await phone.PostAsync($"api/rsvp/{token}/checkin/d1s1", form)).StatusCode);
        Assert.Empty(await runner.Get<AttendanceStore>().ListAsync(id, default));
        Assert.NotNull(participantId);
    }

    [Fact]
    public async Task OrganiserRoster_GetChangesNothing_PostTicksAndRedirects_KeyRequired()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var someone = (await runner.Get<ProgrammeStore>().ParticipantsAsync(id, default))[0];

        Assert.Equal(HttpStatusCode.Unauthorized, (await runner.Anonymous.GetAsync($"api/programmes/{id}/sessions/d2s1/roster")).StatusCode);
        var page = await runner.Anonymous.GetStringAsync($"api/programmes/{id}/sessions/d2s1/roster?code={runner.Runner.OrganiserKey}");
        Assert.Contains("เช็กชื่อขึ้นรถ", page, StringComparison.Ordinal);
        Assert.Empty(await runner.Get<AttendanceStore>().ListAsync(id, default));

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = runner.Runner.Address };
        using var tick = EnrolmentRunner.Form(("participant", someone.Id), ("present", "yes"));
        var ticked = await noRedirect.PostAsync($"api/programmes/{id}/sessions/d2s1/checkins?code={runner.Runner.OrganiserKey}", tick);
        Assert.Equal(HttpStatusCode.SeeOther, ticked.StatusCode);
        Assert.Equal($"/api/programmes/{id}/sessions/d2s1/roster?code={runner.Runner.OrganiserKey}", ticked.Headers.Location!.OriginalString);
        Assert.Equal(someone.Id, Assert.Single(await runner.Get<AttendanceStore>().ListAsync(id, default)).ParticipantId);
        var csv = await runner.Http.GetByteArrayAsync($"api/programmes/{id}/attendance.csv");
        Assert.Equal(0xEF, csv[0]);
    }

    [Fact]
    public async Task VerificationUrl_ForAForgedId_Is404_AndForAGenuineOne_ShowsTheCertificate()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var forged = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        var response = await runner.Anonymous.GetAsync($"api/certificates/{forged}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-genuine=\"false\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.Anonymous.GetAsync($"api/certificates/{forged}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.Anonymous.GetAsync("api/certificates/not-an-id")).StatusCode);

        // Nobody attended yet: nobody qualifies, and issuing finds nothing to issue.
        var issued = await runner.Http.PostAsync($"api/programmes/{id}/certificates", null);
        Assert.Contains("\"issued\":0", await issued.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await runner.Get<CertificateService>().ListAsync(id, default));
    }
}
