using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Configuration;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Local.Storage;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Programmes;

/// <summary>
/// A first deploy before the SendGrid key is set: creating a programme says mail is not configured, at once,
/// instead of storing a programme whose invitations retry for an hour.
/// </summary>
public sealed class MailNotConfiguredTests
{
    [Fact]
    public async Task CreatingAProgramme_WithSendGridModeAndNoKey_Answers503SayingMailIsNotConfigured()
    {
        var port = Azurite.FreePort();
        var settings = TestSettings.For(await SharedAzurite.ConnectionStringAsync(), TestSettings.NewTaskHub("nomail"));
        settings[AppSettings.MailMode] = "sendgrid";
        settings[AppSettings.SendGridApiKey] = "";
        settings[AppSettings.SendGridFromEmail] = "training@example.org";
        settings[AppSettings.OrganiserKey] = "test-organiser-key";
        settings[AppSettings.PublicBaseUrl] = $"http://127.0.0.1:{port}";
        await using var runner = await LocalRunner.StartAsync(new LocalRunnerOptions
        {
            Port = port,
            DataFolder = Path.Combine(SharedAzurite.DataFolder, $"runner-{port}"),
            Settings = settings,
            Progress = _ => { },
        });
        using var http = new HttpClient { BaseAddress = runner.Address };
        http.DefaultRequestHeaders.Add("x-functions-key", runner.OrganiserKey);

        using var created = await http.PostAsJsonAsync("api/programmes", EnrolmentRunner.Programme(participants: 3), WireNames.Json);

        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)created.StatusCode} {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("Mail is not configured", error, StringComparison.Ordinal);
        Assert.Contains(AppSettings.SendGridApiKey, error, StringComparison.Ordinal);
    }
}
