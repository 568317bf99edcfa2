using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Status;

/// <summary>The organiser's HTTP side of the status: "send it now", the dashboard, and the programme list as a page.</summary>
[Collection(StatusCollection.Name)]
public sealed class StatusEndpointTests(RunnerFixture runner)
{
    [Fact]
    public async Task StatusEmail_Post_SendsTodaysStatusToTheOrganiser_OncePerIdempotencyKey()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        using var first = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{id}/status-email") { Headers = { { "Idempotency-Key", "press-1" } } };
        var response = await runner.Http.SendAsync(first);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("sent").GetInt32());
        Assert.Equal("education@example.org", body.GetProperty("organisers")[0].GetString());

        using var again = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{id}/status-email") { Headers = { { "Idempotency-Key", "press-1" } } };
        Assert.Equal(0, (await (await runner.Http.SendAsync(again)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent").GetInt32());

        var mails = await runner.MailsAsync(id, m => m.Any(x => x.Kind == "daily-status"));
        var status = Assert.Single(mails, m => m.Kind == "daily-status");
        Assert.Equal("education@example.org", status.To);
        Assert.StartsWith("สรุปสถานะประจำวันที่", status.Subject, StringComparison.Ordinal);
        Assert.Contains("ส่งคำเชิญแล้ว:", status.Text, StringComparison.Ordinal);
        Assert.Contains($"/api/programmes/{id}/dashboard", status.Text, StringComparison.Ordinal);

        using var bad = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{id}/status-email") { Headers = { { "Idempotency-Key", "no spaces/allowed" } } };
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.Http.SendAsync(bad)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.Http.PostAsync("api/programmes/nosuchprogramme/status-email", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await runner.Anonymous.PostAsync($"api/programmes/{id}/status-email", null)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_Get_EncodesEveryonesText_ShowsAnswersAndDetails_AndChangesNothing()
    {
        var request = EnrolmentRunner.Programme();
        request = request with
        {
            Title = "อบรม <script>alert('title')</script>",
            Participants = [.. request.Participants!.Skip(1), request.Participants![0] with { Name = "<img src=x onerror=alert(1)>" }],
        };
        var id = await runner.CreateProgrammeAsync(request);
        await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 22);
        var store = runner.Get<ProgrammeStore>();
        // The invitation step marks everyone invited after the send; let it finish before taking snapshots.
        var roster = await EnrolmentRunner.WaitForAsync(() => store.ParticipantsAsync(id, default), r => r.All(p => p.InvitedAt is not null));
        var decliner = roster.First(p => p.Name != "<img src=x onerror=alert(1)>");
        await store.SaveParticipantsAsync(id, [decliner with { Status = AnswerStatus.Declined, AnsweredAt = DateTimeOffset.UtcNow, DeclineReason = "</q><script>alert(2)</script>" }], default);
        var accepted = roster.First(p => p.Id != decliner.Id && p.Name != "<img src=x onerror=alert(1)>");
        await store.SaveParticipantsAsync(id, [accepted with { Status = AnswerStatus.Accepted, AnsweredAt = DateTimeOffset.UtcNow }], default);
        await runner.Get<LibraryTraining.Enrolment.RegistrationDetailsStore>().SaveAsync(id, accepted.Id,
            new LibraryTraining.Enrolment.RegistrationDetails("มังสวิรัติ \"<b>\"", "081 234 5678", null, true), default);

        var before = await runner.SnapshotAsync(id, []);
        var response = await runner.Anonymous.GetAsync($"api/programmes/{id}/dashboard?code={runner.Runner.OrganiserKey}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, await runner.SnapshotAsync(id, []));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/q&gt;&lt;script&gt;alert(2)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("อบรม &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("มังสวิรัติ &quot;&lt;b&gt;&quot;", html, StringComparison.Ordinal);
        Assert.Contains("081 234 5678", html, StringComparison.Ordinal);
        Assert.Contains("data-count=\"invited\"><b>22</b>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/programmes/{id}/participants?format=csv&amp;code={runner.Runner.OrganiserKey}\"", html, StringComparison.Ordinal);
        Assert.Contains("'Noto Sans Thai','Sarabun',Tahoma,sans-serif", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await runner.Anonymous.GetAsync($"api/programmes/{id}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await runner.Http.GetAsync("api/programmes/nosuchprogramme/dashboard")).StatusCode);
    }

    [Fact]
    public async Task ProgrammeList_ForABrowser_IsAPageLinkingEachDashboard_AndStaysJsonForApiClients()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        using var page = new HttpRequestMessage(HttpMethod.Get, $"api/programmes?code={runner.Runner.OrganiserKey}");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var html = await runner.Anonymous.SendAsync(page);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"href=\"/api/programmes/{id}/dashboard?code={runner.Runner.OrganiserKey}\"", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var json = await runner.Http.GetAsync("api/programmes");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var list = await json.Content.ReadFromJsonAsync<JsonElement>();
        var mine = list.EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);
        Assert.Equal($"/api/programmes/{id}", mine.GetProperty("href").GetString());
    }
}
