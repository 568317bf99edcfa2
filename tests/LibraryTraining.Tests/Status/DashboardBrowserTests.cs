using LibraryTraining.Local;
using LibraryTraining.Messaging;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LibraryTraining.Tests.Status;

/// <summary>
/// The organiser on a phone, in real Chromium (Debian's /usr/bin/chromium through Playwright, as the
/// enrolment phone test): open the dashboard from its link, write a note, press "send reminder", see how
/// many were reminded, and find the reminders with the note in the outbox. Screenshots in docs/screenshots/.
/// </summary>
[Collection(StatusCollection.Name)]
public sealed class DashboardBrowserTests(RunnerFixture runner)
{
    const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Organiser_OnAPhone_PressesSendReminder_AndTheRemindersWithTheNoteAreInTheOutbox()
    {
        Assert.True(File.Exists(Chromium), "Install Chromium and a Thai font: apt-get install -y chromium fonts-thai-tlwg");
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 22);
        var store = runner.Get<ProgrammeStore>();
        var roster = await EnrolmentRunner.WaitForAsync(() => store.ParticipantsAsync(id, default), r => r.All(p => p.InvitedAt is not null));
        // A few answers, so the roster shows more than one kind.
        var ordered = roster.OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        await store.SaveParticipantsAsync(id,
        [
            ordered[0] with { Status = AnswerStatus.Accepted, AnsweredAt = DateTimeOffset.UtcNow },
            ordered[1] with { Status = AnswerStatus.Accepted, AnsweredAt = DateTimeOffset.UtcNow },
            ordered[2] with { Status = AnswerStatus.Declined, AnsweredAt = DateTimeOffset.UtcNow, DeclineReason = "ติดประชุมประจำเดือนของอำเภอ" },
        ], default);
        runner.Get<LibraryTraining.Enrolment.SeatBook>().Forget(id);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var phone = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Locale = "th-TH",
        });
        var page = await phone.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync(new Uri(runner.Runner.Address, $"api/programmes/{id}/dashboard?code={runner.Runner.OrganiserKey}").AbsoluteUri);

        Assert.Equal("19", await page.InnerTextAsync("[data-count=pending] b"));
        const string note = "กรุณาตอบภายในวันศุกร์นี้ ขอบคุณค่ะ";
        await page.FillAsync("#note", note);
        await page.GetByRole(AriaRole.Button, new() { Name = "ส่งคำเตือน (19 คน)" }).ClickAsync();
        await page.WaitForSelectorAsync("#remind-result.ok");
        Assert.Equal("ส่งคำเตือนแล้ว 19 คน", await page.InnerTextAsync("#remind-result"));

        // Nothing wider than the phone: one column, no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        Assert.Empty(errors);
        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        // Phone-sized pictures: the reminder just sent, the top of the page, and the roster as cards.
        await page.Locator("section.remind").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-phone.png") });
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-phone-top.png") });
        await page.Locator("section.roster h2").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("window.scrollBy(0, document.querySelector('section.roster').getBoundingClientRect().top)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-phone-roster.png") });

        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "reminder") == 19);
        var reminders = mails.Where(m => m.Kind == "reminder").ToList();
        Assert.Equal(19, reminders.Count);
        Assert.All(reminders, m => Assert.Contains(note, m.Text, StringComparison.Ordinal));

        // Pressed again at once: the 12-hour throttle says so, and nobody gets a second one.
        await page.GetByRole(AriaRole.Button, new() { Name = "ส่งคำเตือน (19 คน)" }).ClickAsync();
        // (Waiting by selector: the page's Content-Security-Policy refuses evaluated script, as it should.)
        await page.Locator("#remind-result:has-text('ภายใน 12 ชั่วโมง')").WaitForAsync();
        Assert.Contains("ภายใน 12 ชั่วโมง", await page.InnerTextAsync("#remind-result"), StringComparison.Ordinal);
        // One read at once would miss a second reminder sent after the response: watch the outbox for 15 s.
        var outbox = runner.Get<OutboxMailSender>();
        await Poll.StaysAsync(() => outbox.ReadAsync(id, default), m => m.Count(x => x.Kind == "reminder") == 19, seconds: 15,
            describe: m => $"{m.Count(x => x.Kind == "reminder")} reminders");

        var desktop = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB" });
        var wide = await desktop.NewPageAsync();
        await wide.GotoAsync(new Uri(runner.Runner.Address, $"api/programmes/{id}/dashboard?lang=en&code={runner.Runner.OrganiserKey}").AbsoluteUri);
        Assert.Contains("Roster (22)", await wide.InnerTextAsync(".roster h2"), StringComparison.Ordinal);
        await wide.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-desktop.png"), FullPage = false });
    }
}
