using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using LibraryTraining.Configuration;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Telemetry;

/// <summary>
/// The local runner as a process, with every log category at Trace and spans and metrics printed too,
/// sending through SendGrid (a loopback stub that sometimes fails, so retries get logged): a programme is
/// created, invitations go out, a participant opens their link, accepts and adds their phone number.
/// Everything the process wrote is then searched for what must never be in a log.
/// </summary>
public sealed partial class NoPersonalDataInLogsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task LocalRunner_ThroughAnAnswer_LogsNoAddressNameTokenPhoneOrSendGridKey()
    {
        var apiKey = $"SG.{Base64Url(16)}.{Base64Url(32)}";
        const string Phone = "081 234 5678";
        await using var sendGrid = await FlakySendGrid.StartAsync(seed: 8, faultRate: 0.3);
        var storage = await SharedAzurite.ConnectionStringAsync();
        await using var runner = new RunnerProcess(storage, TestSettings.NewTaskHub("logs"), new Dictionary<string, string>
        {
            [AppSettings.MailMode] = "sendgrid",
            [AppSettings.SendGridApiKey] = apiKey,
            [AppSettings.SendGridFromEmail] = "training@example.org",
            [AppSettings.SendGridApiHost] = sendGrid.Address.AbsoluteUri.TrimEnd('/'),
            // Everything on, over the runner's quieter defaults: ASP.NET Core names every request path.
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft"] = "Trace",
            ["Logging__LogLevel__System.Net.Http"] = "Trace",
            ["Logging__LogLevel__DurableTask"] = "Trace",
            ["Logging__LogLevel__Microsoft.DurableTask"] = "Trace",
            ["Logging__LogLevel__Grpc"] = "Trace",
            ["Logging__LogLevel__Azure"] = "Trace",
            [AppSettings.TracesExporter] = "console",
            [AppSettings.MetricsExporter] = "console",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        });
        await runner.StartAsync();

        // Real time: the invitations go now, and nothing else is due for weeks.
        var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromDays(20), clockSpeed: 1);
        var created = await runner.Http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The links, as the invitations carry them to SendGrid.
        var tokens = await Until(() =>
        {
            var found = sendGrid.Bodies.SelectMany(b => SentToken().Matches(b).Select(m => m.Groups["token"].Value)).ToHashSet(StringComparer.Ordinal);
            return found.Count >= request.Participants!.Count ? found : null;
        }, "an invitation link for every participant");

        var token = tokens.First();
        var link = $"api/rsvp/{token}";
        Assert.Equal(HttpStatusCode.OK, (await runner.Http.GetAsync(new Uri(link, UriKind.Relative))).StatusCode);
        using (var accept = new FormUrlEncodedContent([new("decision", "accept")]))
        {
            Assert.True((await runner.Http.PostAsync(new Uri(link, UriKind.Relative), accept)).IsSuccessStatusCode);
        }
        using (var details = new FormUrlEncodedContent([new("phone", Phone), new("dietary", "มังสวิรัติ")]))
        {
            Assert.True((await runner.Http.PostAsync(new Uri(link + "/details", UriKind.Relative), details)).IsSuccessStatusCode);
        }
        await runner.Http.GetAsync(new Uri(link + "/calendar.ics", UriKind.Relative));
        await runner.Http.GetAsync(new Uri(link + "/photos/nothing-here", UriKind.Relative));
        await runner.Http.GetAsync(new Uri($"api/programmes/{id}/participants?code={RunnerProcess.OrganiserKey}", UriKind.Relative));
        await Until(() => sendGrid.Accepted.Keys.FirstOrDefault(k => k.StartsWith("confirmation|", StringComparison.Ordinal)), "the confirmation mail");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last lines and a metrics export

        var lines = runner.Output.ToArray();
        var log = string.Join('\n', lines);
        output.WriteLine($"{lines.Length} lines, {log.Length:N0} characters; SendGrid faults: {string.Join(", ", sendGrid.Faults.Select(f => $"{f.Key} {f.Value}"))}");

        // It did log, and it logged the very requests that carry a token: the net has something to catch.
        Assert.Contains(lines, l => l.Contains("LibraryTraining.Functions.Workflow.ProgrammeActivities", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Request starting", StringComparison.Ordinal) && l.Contains("/api/rsvp/", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/v3/mail/send", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Activity.TraceId", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Metric Name", StringComparison.Ordinal));

        var addresses = request.Participants!.Select(p => p.Email!).Concat(request.Organisers!.Select(o => o.Email!)).ToList();
        var names = request.Participants!.Select(p => p.Name!).ToList();
        Assert.All(addresses, address => Assert.True(!log.Contains(address, StringComparison.OrdinalIgnoreCase), $"{address} is in the log:\n{Around(log, address)}"));
        Assert.All(names, name => Assert.True(!log.Contains(name, StringComparison.Ordinal), $"{name} is in the log:\n{Around(log, name)}"));
        Assert.All(tokens, t => Assert.True(!log.Contains(t, StringComparison.Ordinal), $"a token is in the log:\n{Around(log, t)}"));
        Assert.True(!log.Contains(apiKey, StringComparison.Ordinal) && !log.Contains(apiKey.Split('.')[2], StringComparison.Ordinal), $"the SendGrid key is in the log:\n{Around(log, apiKey.Split('.')[2])}");
        Assert.True(!log.Contains(Phone, StringComparison.Ordinal), $"the phone number is in the log:\n{Around(log, Phone)}");
    }

    static async Task<T> Until<T>(Func<T?> check, string what, int seconds = 90)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (check() is { } done)
            {
                return done;
            }
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }

    static string Around(string log, string needle)
    {
        var at = log.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? "" : log[Math.Max(0, at - 600)..Math.Min(log.Length, at + needle.Length + 300)];
    }

    static string Base64Url(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // In the mail's link, or the substitution that carries it when recipients share a template.
    [GeneratedRegex(@"(?:/api/rsvp/|""\{\{lt-token\}\}"":"")(?<token>[A-Za-z0-9_\-]{43})")]
    private static partial Regex SentToken();
}
