using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Programmes;

/// <summary>The thin slice over real HTTP: create a programme, read it back with its phase; bad input gets a clear 4xx.</summary>
public sealed class ProgrammeApiTests(RunnerFixture runner) : IClassFixture<RunnerFixture>
{
    [Fact]
    public async Task CreateProgramme_WithTheExampleTheRunnerWrites_Answers201WithIdAndLocation_AndStartsInTwoWeeks()
    {
        // The README's tour posts this file: it must be valid on any date, its first day two weeks away.
        var json = await File.ReadAllTextAsync(runner.Runner.ExampleProgrammePath);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await runner.Http.PostAsync("api/programmes", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/programmes/{id}", response.Headers.Location!.OriginalString);

        var view = await Poll.UntilAsync(async () => await runner.Http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}"),
            v => v.GetProperty("counts").GetProperty("invited").GetInt32() == 22 && v.GetProperty("phase").GetString() == "enrolling");
        Assert.Equal("โครงการฝึกอบรมและศึกษาดูงานส่งเสริมพัฒนาคุณภาพการบริการห้องสมุด", view.GetProperty("title").GetString());
        Assert.Equal("enrolling", view.GetProperty("phase").GetString());
        Assert.Equal("remind those who have not answered", view.GetProperty("nextStep").GetProperty("what").GetString());
        Assert.Equal(22, view.GetProperty("counts").GetProperty("pending").GetInt32());
        Assert.Equal(3, view.GetProperty("days").GetArrayLength());
        var bangkokToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok")).DateTime);
        var firstDay = DateOnly.Parse(JsonDocument.Parse(json).RootElement.GetProperty("days")[0].GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        // 13 allows for the Bangkok date turning over between the runner's start and this line.
        Assert.InRange(firstDay.DayNumber - bangkokToday.DayNumber, 13, 14);
    }

    [Fact]
    public void ExampleTheRunnerWrites_IsTheReferenceExample_WithOnlyItsDatesMoved()
    {
        var reference = SeedProgramme.Example();
        var moved = JsonSerializer.Deserialize<ProgrammeRequest>(LibraryTraining.Local.Demo.ExampleProgramme.MovedFrom(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), WireNames.Json)!;

        // 1 Jan 2030 07:00 in Bangkok, plus 14 days; the deadline keeps its distance and local time.
        Assert.Equal(["2030-01-15", "2030-01-16", "2030-01-17"], moved.Days!.Select(d => d.Date));
        Assert.Equal("2030-01-08T17:00:00+07:00", moved.EnrolmentDeadline);
        Assert.Equal(JsonSerializer.Serialize(reference with { EnrolmentDeadline = null, Days = null }, WireNames.Json),
            JsonSerializer.Serialize(moved with { EnrolmentDeadline = null, Days = null }, WireNames.Json));
        Assert.Equal(JsonSerializer.Serialize(reference.Days!.Select(d => d with { Date = null }), WireNames.Json),
            JsonSerializer.Serialize(moved.Days!.Select(d => d with { Date = null }), WireNames.Json));
    }

    [Fact]
    public async Task ListProgrammes_IncludesACreatedProgramme()
    {
        var id = await runner.CreateProgrammeAsync(SeedProgramme.Upcoming());
        var list = await runner.Http.GetFromJsonAsync<JsonElement>("api/programmes");
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task ChangeSchedule_OfACancelledProgramme_Answers409SayingItWasCancelled()
    {
        var programme = SeedProgramme.Upcoming();
        var id = await runner.CreateProgrammeAsync(programme);
        var cancelled = await runner.Http.PostAsJsonAsync($"api/programmes/{id}/cancel", new { reason = "น้ำท่วม" });
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);

        var response = await runner.Http.PutAsJsonAsync($"api/programmes/{id}/schedule", new { days = programme.Days }, WireNames.Json);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("was cancelled", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("post", "api/programmes")]
    [InlineData("get", "api/programmes")]
    [InlineData("get", "api/programmes/abc")]
    [InlineData("get", "api/dev/outbox")]
    public async Task OrganiserEndpoints_WithoutTheKey_Answer401WithAMessage(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var response = await runner.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("organiser key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        request.Dispose();
        using var wrongKey = new HttpRequestMessage(new HttpMethod(method), path + "?code=wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await runner.Anonymous.SendAsync(wrongKey)).StatusCode);
    }

    [Fact]
    public async Task OrganiserKey_InTheQueryString_IsAccepted()
    {
        var response = await runner.Anonymous.GetAsync($"api/programmes?code={runner.Runner.OrganiserKey}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("null", "not null")]
    [InlineData("{\"capacity\": \"many\"}", "wrong type")]
    public async Task CreateProgramme_WithAMalformedBody_Answers400WithAMessage(string body, string expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await runner.Http.PostAsync("api/programmes", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateProgramme_WithMistakes_ListsEveryProblemByField_AndStoresNothing()
    {
        var title = $"Bad programme {Guid.NewGuid():N}";
        var upcoming = SeedProgramme.Upcoming();
        var bad = upcoming with
        {
            Title = title,
            // After the first day has begun: a deadline too late, whatever today is.
            EnrolmentDeadline = $"{upcoming.Days![1].Date}T09:00:00+07:00",
            Participants = [.. upcoming.Participants!, upcoming.Participants![0], new ParticipantRequest { Name = "x", Email = "not-an-email", Role = "teacher-librarian" }],
        };
        var response = await runner.Http.PostAsJsonAsync("api/programmes", bad, WireNames.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Select(p => p.GetProperty("field").GetString()).ToList();
        Assert.Contains("enrolmentDeadline", problems);
        Assert.Contains("participants[22].email", problems);
        Assert.Contains("participants[23].email", problems);
        // Other tests create programmes in the same storage at the same time: look for this one by its title.
        var after = await runner.Http.GetFromJsonAsync<JsonElement>("api/programmes");
        Assert.DoesNotContain(after.EnumerateArray(), p => p.GetProperty("title").GetString() == title);
    }

    [Theory]
    [InlineData("api/programmes/doesnotexist1")]
    [InlineData("api/programmes/abc'%20or%20'1'%20eq%20'1")]
    [InlineData("api/programmes/..%2F..%2Fetc")]
    public async Task GetProgramme_UnknownOrMalformedId_Answers404(string path)
    {
        var response = await runner.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
