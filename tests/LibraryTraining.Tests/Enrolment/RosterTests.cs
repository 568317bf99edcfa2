using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>The roster after creation: CSV in (UTF-8 or Thai Windows-874), JSON and CSV out, add, remove, reminders.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class RosterTests(RunnerFixture runner, Xunit.Abstractions.ITestOutputHelper output)
{
    const string Header = "name,email,role,site,language\n";

    static ByteArrayContent Csv(byte[] bytes) => new(bytes) { Headers = { ContentType = new("text/csv") } };

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("windows-874")]
    public async Task ImportCsv_InEachThaiExcelEncoding_AddsAndInvitesEveryone(string encoding)
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2));
        var text = Header + $"มานี มีใจ,manee-{encoding}@example.org,assistant-librarian,ห้องสมุดประชาชนอำเภอวังทอง,th\n\"ปิติ, ชูใจ\",piti-{encoding}@example.org,staff,,\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.Preamble.ToArray(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            _ => Encoding.GetEncoding(874).GetBytes(text),
        };
        using var content = Csv(bytes);
        var response = await runner.Http.PostAsync($"api/programmes/{id}/participants/import", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var import = await this.FinishedAsync(response);
        Assert.Equal(("completed", 2, 2), (import.GetProperty("state").GetString(), import.GetProperty("total").GetInt32(), import.GetProperty("invited").GetInt32()));

        var roster = await runner.Http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants");
        var manee = roster.EnumerateArray().Single(p => p.GetProperty("email").GetString() == $"manee-{encoding}@example.org");
        Assert.Equal("มานี มีใจ", manee.GetProperty("name").GetString());
        Assert.Equal("ห้องสมุดประชาชนอำเภอวังทอง", manee.GetProperty("site").GetString());
        Assert.Equal("invited", manee.GetProperty("status").GetString());
        Assert.Contains(roster.EnumerateArray(), p => p.GetProperty("name").GetString() == "ปิติ, ชูใจ");
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 4);
        Assert.Contains(mails, m => m.Kind == "invitation" && m.To == $"manee-{encoding}@example.org");
    }

    [Fact]
    public async Task ImportCsv_WithBadRows_ListsEachByLine_AndImportsNobody()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2));
        using var content = Csv(Encoding.UTF8.GetBytes(Header + "ก ข,good@example.org,staff,,\nค ง,not-an-email,staff,,\n,blank@example.org,librarian,,\n"));
        var response = await runner.Http.PostAsync($"api/programmes/{id}/participants/import", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).ToList();
        Assert.Equal(["line 3: email", "line 4: name", "line 4: role"], fields);
        Assert.Equal(2, (await runner.Http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants")).GetArrayLength());

        using var headless = Csv(Encoding.UTF8.GetBytes("who,where\nx,y\n"));
        var noHeader = await runner.Http.PostAsync($"api/programmes/{id}/participants/import", headless);
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        Assert.Contains("name,email,role", await noHeader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_AsCsv_IsUtf8WithBomAndShowsEachStatus()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 3));
        var (_, token) = (await runner.TokensAsync(id)).OrderBy(t => t.Key, StringComparer.Ordinal).First();
        using var accept = EnrolmentRunner.Form(("decision", "accept"));
        await runner.Anonymous.PostAsync($"api/rsvp/{token}", accept);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/programmes/{id}/participants");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await runner.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "starts with a UTF-8 BOM");
        var lines = Encoding.UTF8.GetString(bytes[3..]).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("name,email,role,site,language,status", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Single(lines, l => l.EndsWith(",accepted", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("สมชาย ใจดี,participant01@example.org,executive,โรงเรียนวังโป่งพิทยาคม,th,", StringComparison.Ordinal));
        Assert.Equal(await (await runner.Http.GetAsync($"api/programmes/{id}/participants?format=csv")).Content.ReadAsByteArrayAsync(), bytes);
    }

    [Fact]
    public async Task AddAndRemove_ALaterAdditionIsInvited_AndARemovalFreesTheirPlace()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2, capacity: 1, quotas: false));
        var tokens = await runner.TokensAsync(id);
        var (holder, waiting) = (tokens.Keys.Order(StringComparer.Ordinal).First(), tokens.Keys.Order(StringComparer.Ordinal).Last());
        foreach (var p in new[] { holder, waiting })
        {
            using var accept = EnrolmentRunner.Form(("decision", "accept"));
            await runner.Anonymous.PostAsync($"api/rsvp/{tokens[p]}", accept);
        }

        var added = await runner.Http.PostAsJsonAsync($"api/programmes/{id}/participants",
            new { participants = new[] { new { name = "<script>alert(1)</script> ทดสอบ", email = "late@example.org", role = "staff" } } });
        Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        var invitation = (await runner.MailsAsync(id, m => m.Any(x => x.To == "late@example.org"))).Single(m => m.To == "late@example.org");
        var page = await runner.Anonymous.GetStringAsync(EnrolmentRunner.LinkIn(invitation));
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; ทดสอบ", page, StringComparison.Ordinal);

        var again = await runner.Http.PostAsJsonAsync($"api/programmes/{id}/participants", new { participants = new[] { new { name = "x", email = "late@example.org", role = "staff" } } });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already on the roster", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await runner.Http.DeleteAsync($"api/programmes/{id}/participants/{holder}")).StatusCode);
        var roster = await runner.Http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants");
        Assert.Equal(2, roster.GetArrayLength());
        Assert.Equal("offered", roster.EnumerateArray().Single(p => p.GetProperty("id").GetString() == waiting).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await runner.Anonymous.GetAsync($"api/rsvp/{tokens[holder]}")).StatusCode);
    }

    [Fact]
    public async Task Add_Answers202WithALocation_WhoseProgressEndsCompleted_AndARetryWithTheSameKeyStartsNoSecondImport()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2));
        var body = new { participants = new[] { new { name = "ก", email = "retry-a@example.org", role = "staff" }, new { name = "ข", email = "retry-b@example.org", role = "staff" } } };
        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{id}/participants") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "add-retry-1");
            return await runner.Http.SendAsync(request);
        }

        var first = await PostAsync();
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal($"/api/programmes/{id}/imports/add-retry-1", first.Headers.Location!.OriginalString);
        var accepted = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("add-retry-1", 2), (accepted.GetProperty("id").GetString(), accepted.GetProperty("added").GetInt32()));
        var retried = await PostAsync();
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(first.Headers.Location, retried.Headers.Location);

        var import = await this.FinishedAsync(first);
        Assert.Equal(("completed", 2, 2), (import.GetProperty("state").GetString(), import.GetProperty("total").GetInt32(), import.GetProperty("invited").GetInt32()));
        var again = await PostAsync();
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(4, (await runner.Http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants")).GetArrayLength());
        var sends = await runner.Get<LibraryTraining.Messaging.OutboxMailSender>().ReadAsync(id, default);
        Assert.Single(sends, m => m.To == "retry-a@example.org");
        Assert.Single(sends, m => m.To == "retry-b@example.org");

        Assert.Equal(HttpStatusCode.NotFound, (await runner.Http.GetAsync($"api/programmes/{id}/imports/nosuchimport")).StatusCode);
        using var badKey = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{id}/participants") { Content = JsonContent.Create(body) };
        badKey.Headers.Add("Idempotency-Key", "not a key!");
        Assert.Equal(HttpStatusCode.BadRequest, (await runner.Http.SendAsync(badKey)).StatusCode);
    }

    [Fact]
    public async Task ImportCsv_Of2000Rows_Answers202Quickly_AndEveryoneIsInvitedOnceEventually()
    {
        const int Rows = 2_000;
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2));
        var csv = new StringBuilder(Header);
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"ผู้เข้าร่วม {i},bulk{i:D5}@example.org,staff,ห้องสมุด {i % 40},th\n");
        }
        using var content = Csv(Encoding.UTF8.GetBytes(csv.ToString()));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await runner.Http.PostAsync($"api/programmes/{id}/participants/import", content);
        var answered = watch.Elapsed;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Assert.True(answered < TimeSpan.FromSeconds(30), $"answered after {answered.TotalSeconds:0.0} s");

        var import = await this.FinishedAsync(response, seconds: 240);
        output.WriteLine($"{Rows} rows: 202 after {answered.TotalSeconds:0.00} s, all invited after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(import.GetProperty("state").GetString() == "completed", import.ToString());
        Assert.Equal(("completed", Rows, Rows), (import.GetProperty("state").GetString(), import.GetProperty("total").GetInt32(), import.GetProperty("invited").GetInt32()));
        var sends = await runner.Get<LibraryTraining.Messaging.OutboxMailSender>().ReadAsync(id, default);
        var bulk = sends.Where(m => m.Kind == "invitation" && m.To.StartsWith("bulk", StringComparison.Ordinal)).ToList();
        Assert.Equal(Rows, bulk.Count);
        Assert.Equal(Rows, bulk.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ReAdding_ARemovedParticipant_TouchesTheSeatRow_AndInvitesThemAgainWithANewLink()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2));
        var person = new { participants = new[] { new { name = "กลับมา", email = "comeback@example.org", role = "staff" } } };
        await this.FinishedAsync(await runner.Http.PostAsJsonAsync($"api/programmes/{id}/participants", person));
        var first = (await runner.MailsAsync(id, m => m.Any(x => x.To == "comeback@example.org"))).Single(m => m.To == "comeback@example.org");
        var participantId = first.ParticipantId!;
        Assert.Equal(HttpStatusCode.OK, (await runner.Http.DeleteAsync($"api/programmes/{id}/participants/{participantId}")).StatusCode);
        var table = await runner.Get<LibraryTraining.Storage.StorageTables>().TableAsync(LibraryTraining.Storage.StorageTables.Programmes);
        var seatsBefore = await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(id, ProgrammeStore.SeatRowKey);

        var readded = await this.FinishedAsync(await runner.Http.PostAsJsonAsync($"api/programmes/{id}/participants", person));

        Assert.Equal(1, readded.GetProperty("invited").GetInt32());
        var seatsAfter = await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(id, ProgrammeStore.SeatRowKey);
        Assert.NotEqual(seatsBefore.HasValue ? seatsBefore.Value!.ETag : default, seatsAfter.Value.ETag);
        var invitations = (await runner.MailsAsync(id, m => m.Count(x => x.To == "comeback@example.org") == 2)).Where(m => m.To == "comeback@example.org").ToList();
        Assert.Equal(2, invitations.Count);
        Assert.NotEqual(EnrolmentRunner.LinkIn(invitations[0]), EnrolmentRunner.LinkIn(invitations[1]));
        Assert.Equal(HttpStatusCode.OK, (await runner.Anonymous.GetAsync(EnrolmentRunner.LinkIn(invitations[1]))).StatusCode);
    }

    [Fact]
    public async Task Add_AfterEnrolmentHasClosed_StoresThem_AndTheImportCompletesHavingInvitedNobody()
    {
        // A day of programme time passes in about two seconds.
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 2, clockSpeed: 40_000, deadlineDays: 1));
        var programme = (await runner.Get<ProgrammeStore>().FindAsync(id, default))!;
        await EnrolmentRunner.WaitForAsync(() => Task.FromResult(programme.Clock.ToProgramme(DateTimeOffset.UtcNow)), now => now > programme.EnrolmentDeadline, seconds: 30);

        var response = await runner.Http.PostAsJsonAsync($"api/programmes/{id}/participants",
            new { participants = new[] { new { name = "มาช้า", email = "too-late@example.org", role = "staff" } } });

        var import = await this.FinishedAsync(response);
        Assert.Equal(("completed", 1, 0), (import.GetProperty("state").GetString(), import.GetProperty("total").GetInt32(), import.GetProperty("invited").GetInt32()));
        var roster = await runner.Http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants");
        Assert.Contains(roster.EnumerateArray(), p => p.GetProperty("email").GetString() == "too-late@example.org");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await runner.Get<LibraryTraining.Messaging.OutboxMailSender>().ReadAsync(id, default), m => m.To == "too-late@example.org");
    }

    /// <summary>Follows an add or import's Location until it is no longer running.</summary>
    async Task<JsonElement> FinishedAsync(HttpResponseMessage accepted, int seconds = 120)
    {
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var location = accepted.Headers.Location!.OriginalString.TrimStart('/');
        return await EnrolmentRunner.WaitForAsync(() => runner.Http.GetFromJsonAsync<JsonElement>(location),
            i => i.GetProperty("state").GetString() != "running", seconds);
    }

    [Fact]
    public async Task Reminders_AreThrottledToOneIn12Hours_UnlessForced()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 5));
        await EnrolmentRunner.WaitForAsync(() => runner.Get<ProgrammeStore>().ParticipantsAsync(id, default), r => r.All(p => p.InvitedAt is not null));
        var (accepter, token) = (await runner.TokensAsync(id)).First();
        using var accept = EnrolmentRunner.Form(("decision", "accept"));
        await runner.Anonymous.PostAsync($"api/rsvp/{token}", accept);

        async Task<int> RemindAsync(object body)
        {
            var response = await runner.Http.PostAsJsonAsync($"api/programmes/{id}/reminders", body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32();
        }
        Assert.Equal(4, await RemindAsync(new { audience = "pending", message = "กรุณาตอบภายในวันศุกร์" }));
        Assert.Equal(0, await RemindAsync(new { audience = "pending" }));
        Assert.Equal(1, await RemindAsync(new { audience = "accepted" }));
        Assert.Equal(4, await RemindAsync(new { audience = "pending", force = true }));
        var bad = await runner.Http.PostAsJsonAsync($"api/programmes/{id}/reminders", new { audience = "everyone" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("pending", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var reminders = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "reminder") == 9);
        Assert.Equal(9, reminders.Count(m => m.Kind == "reminder"));
        Assert.Contains(reminders, m => m.Kind == "reminder" && m.Text.Contains("กรุณาตอบภายในวันศุกร์", StringComparison.Ordinal));
    }
}
