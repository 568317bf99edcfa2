using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>The roster after creation: CSV in (UTF-8 or Thai Windows-874), JSON and CSV out, add, remove, reminders.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class RosterTests(RunnerFixture runner)
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
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

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
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
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
