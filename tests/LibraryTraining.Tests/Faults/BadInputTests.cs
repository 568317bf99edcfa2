using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using LibraryTraining.Configuration;
using LibraryTraining.Enrolment;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Local.Storage;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining.Tests.Faults;

/// <summary>
/// Hundreds of malformed requests at every HTTP endpoint the app declares: each gets a 4xx with a
/// message, never a 5xx, and storage is exactly as it was before. The endpoint list comes from the
/// functions themselves, so a new endpoint is covered the day it is added.
/// </summary>
public sealed class BadInputTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    /// <summary>Actions that take no body: with valid ids they would rightly act, so they get only forged ids and keys.</summary>
    static readonly HashSet<string> ActionsWithoutBody = new(StringComparer.Ordinal) { "SendStatusEmail", "ReissueParticipantLink", "RemoveParticipant", "IssueCertificates", "PublishReport" };

    Azurite azurite = null!;
    LocalRunner runner = null!;
    HttpClient http = null!;
    string programmeId = null!;
    string participantId = null!;
    string validToken = null!;
    string expiredToken = null!;
    string revokedToken = null!;
    string taskHub = null!;

    public async Task InitializeAsync()
    {
        // Its own Azurite, so that nothing but this test writes to the storage it compares.
        this.azurite = await Azurite.StartAsync(Path.Combine(SharedAzurite.DataFolder, $"bad-input-{Guid.NewGuid():N}"), Azurite.FreePort());
        var port = Azurite.FreePort();
        this.taskHub = TestSettings.NewTaskHub("badinput");
        var settings = TestSettings.For(this.azurite.ConnectionString, this.taskHub);
        settings[AppSettings.OrganiserKey] = "bad-input-organiser-key";
        settings[AppSettings.StatusSchedule] = "0 0 0 1 1 *"; // no daily status during the test
        this.runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = port, DataFolder = Path.Combine(SharedAzurite.DataFolder, $"bad-input-runner-{port}"), Settings = settings, Progress = _ => { } });
        this.http = new HttpClient { BaseAddress = this.runner.Address, Timeout = TimeSpan.FromSeconds(60) };

        var created = await this.Send(HttpMethod.Post, "api/programmes", JsonContent.Create(SeedProgramme.Upcoming(), options: WireNames.Json), withKey: true);
        this.programmeId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var store = this.runner.Services.GetRequiredService<ProgrammeStore>();
        await Poll.UntilAsync(async () => (await store.ParticipantsAsync(this.programmeId, default)).All(p => p.InvitedAt is not null)
            && (await this.runner.Services.GetRequiredService<LibraryTraining.Messaging.OutboxMailSender>().ReadAsync(this.programmeId, default)).Count == 22);
        var roster = await store.ParticipantsAsync(this.programmeId, default);
        this.participantId = roster[0].Id;
        var links = this.runner.Services.GetRequiredService<ParticipantLinks>();
        this.validToken = links.TokenFor(this.programmeId, roster[0].Id, roster[0].LinkGeneration);
        this.expiredToken = await links.IssueAsync(this.programmeId, roster[1].Id, roster[1].LinkGeneration + 7, DateTimeOffset.UtcNow.AddDays(-1), default);
        this.revokedToken = await links.IssueAsync(this.programmeId, roster[2].Id, roster[2].LinkGeneration + 7, DateTimeOffset.UtcNow.AddDays(30), default);
        await links.RevokeAsync(this.programmeId, roster[2].Id, roster[2].LinkGeneration + 7, default);
        await Task.Delay(1500); // let the programme's orchestration settle into its wait for the first reminder
    }

    public async Task DisposeAsync()
    {
        await this.runner.DisposeAsync();
        await this.azurite.DisposeAsync();
    }

    public void Dispose() => this.http?.Dispose();

    [Fact]
    public async Task MalformedRequests_AtEveryEndpoint_Get4xxWithAMessage_AndChangeNoStorage()
    {
        var before = await this.SnapshotAsync();
        var tried = 0;
        var failures = new List<string>();
        foreach (var request in this.MalformedRequests())
        {
            tried++;
            using var response = await this.Send(request.Method, request.Path, request.Body(), request.WithKey, request.WrongKey);
            var text = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode;
            if (code is < 400 or >= 500)
            {
                failures.Add($"{request.Method} {request.Path} [{request.What}] → {code}: {Shorten(text)}");
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                failures.Add($"{request.Method} {request.Path} [{request.What}] → {code} with no message");
            }
            else if (text.Contains("<script>alert(1)", StringComparison.Ordinal) || text.Contains("<img src=x", StringComparison.Ordinal))
            {
                failures.Add($"{request.Method} {request.Path} [{request.What}] → {code} echoes unencoded markup");
            }
        }
        await Task.Delay(1000); // anything a request set going in the background would have written by now
        var after = await this.SnapshotAsync();

        output.WriteLine($"malformed requests tried: {tried}; refused cleanly: {tried - failures.Count}");
        Assert.True(tried >= 200, $"only {tried} requests tried");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} malformed requests were not refused cleanly:\n" + string.Join('\n', failures.Take(40)));
        Assert.Equal(before, after);
    }

    sealed record Malformed(HttpMethod Method, string Path, string What, Func<HttpContent?> Body, bool WithKey = true, bool WrongKey = false);

    IEnumerable<Malformed> MalformedRequests()
    {
        foreach (var function in FunctionCatalog.Discover().Where(f => f.Trigger == TriggerKind.Http))
        {
            var needsKey = function.Http!.AuthLevel != AuthorizationLevel.Anonymous;
            foreach (var verb in function.HttpMethods)
            {
                var method = new HttpMethod(verb);
                var route = function.Route;
                var valid = this.Fill(route, _ => null);
                var takesBody = verb is "POST" or "PUT" or "PATCH";
                var body = takesBody ? (Func<HttpContent?>)(() => Json("{\"reason\":\"x\",\"audience\":\"pending\"}")) : () => null;

                if (needsKey)
                {
                    yield return new(method, valid, "no key", body, WithKey: false);
                    yield return new(method, valid, "wrong key", body, WrongKey: true);
                    yield return new(method, valid + (valid.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=not-the-key", "wrong code", body, WithKey: false);
                }
                foreach (var (forged, what) in this.ForgedValues(route))
                {
                    yield return new(method, forged, what, body);
                }
                if (takesBody && !ActionsWithoutBody.Contains(function.Name))
                {
                    foreach (var (bad, what) in BadBodies())
                    {
                        yield return new(method, valid, what, bad);
                    }
                }
            }
        }
    }

    IEnumerable<(string Path, string What)> ForgedValues(string route)
    {
        if (!route.Contains('{', StringComparison.Ordinal))
        {
            yield break;
        }
        // A NUL (%00) is not here: Kestrel refuses such a request line itself, before any app code, with an empty 400.
        string[] ids = ["zzzzzzzzzzzz", "abc'%20or%20PartitionKey%20ne%20'", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", new string('a', 300), "a%23b%3Fc%25d", "%E0%B8%81%E0%B8%82"];
        string[] tokens = [this.expiredToken, this.revokedToken, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "short", "..%2F..%2Fsecret"];
        var hasIds = System.Text.RegularExpressions.Regex.Matches(route, "\\{\\*?(\\w+)").Any(m => m.Groups[1].Value != "token");
        foreach (var id in hasIds ? ids : [])
        {
            yield return (this.Fill(route, name => name == "token" ? null : id), $"forged id {id[..Math.Min(12, id.Length)]}");
        }
        if (route.Contains("{token}", StringComparison.Ordinal))
        {
            foreach (var token in tokens)
            {
                yield return (this.Fill(route, name => name == "token" ? token : null), token == this.expiredToken ? "expired token" : token == this.revokedToken ? "revoked token" : "forged token");
            }
        }
    }

    static IEnumerable<(Func<HttpContent?> Body, string What)> BadBodies()
    {
        const string script = "<script>alert(1)</script>";
        yield return (() => Json(""), "empty body");
        yield return (() => Json("{"), "truncated JSON");
        yield return (() => Json("{\"title\":"), "cut-off JSON");
        yield return (() => Json("[]"), "array body");
        yield return (() => Json("null"), "null body");
        yield return (() => Json("{\"title\":5,\"days\":\"x\",\"participants\":7,\"reason\":[],\"audience\":{},\"message\":1,\"capacity\":\"many\",\"email\":false}"), "wrong types");
        yield return (() => Json("{\"reason\":\"" + new string('ก', 2_000_000) + "\"}"), "huge body");
        yield return (() => Json($"{{\"title\":\"{script}\",\"reason\":\"{script}{new string('x', 600)}\",\"audience\":\"{script}\",\"message\":\"<img src=x onerror=alert(1)>\",\"enrolmentDeadline\":\"{script}\",\"days\":[{{\"date\":\"{script}\"}}],\"participants\":[{{\"name\":\"{script}\",\"email\":\"{script}\"}}]}}"), "script in every text field");
        yield return (() => new StringContent("<xml/>", Encoding.UTF8, "text/xml"), "XML body");
        yield return (() => new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = script, ["reason"] = script, ["audience"] = script }), "script in a form");
        yield return (() => Multipart("../../etc/passwd", "not an image"), "path traversal file name");
        yield return (() => Multipart("..\\..\\boot.ini", ""), "backslash traversal, empty file");
    }

    string Fill(string route, Func<string, string?> forged)
    {
        var path = route;
        foreach (var name in new[] { "id", "participantId", "token", "sessionId", "handoutId", "photoId", "certificateId", "day" })
        {
            var value = forged(name) ?? name switch
            {
                "id" => this.programmeId,
                "participantId" => this.participantId,
                "token" => this.validToken,
                _ => "zzzzzzzzzzzz",
            };
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{\\*?" + name + "(:[^}]*)?\\??\\}", value);
        }
        return System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "zzzzzzzzzzzz");
    }

    static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    static MultipartFormDataContent Multipart(string fileName, string content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", fileName);
        return form;
    }

    async Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent? body, bool withKey = true, bool wrongKey = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (withKey)
        {
            request.Headers.Add("x-functions-key", wrongKey ? "wrong-key" : this.runner.OrganiserKey);
        }
        return await this.http.SendAsync(request);
    }

    /// <summary>Every row and blob the app owns, with its ETag; the Durable task hub's own tables, queues and leases change by themselves and are left out.</summary>
    async Task<string> SnapshotAsync()
    {
        var lines = new List<string>();
        var tables = new TableServiceClient(this.azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (table.Name.StartsWith(this.taskHub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                lines.Add($"{table.Name}|{row.PartitionKey}|{row.RowKey}|{row.ETag}");
            }
        }
        var blobs = new BlobServiceClient(this.azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (container.Name.StartsWith(this.taskHub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix: null, cancellationToken: default))
            {
                lines.Add($"{container.Name}/{blob.Name}|{blob.Properties.ETag}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
