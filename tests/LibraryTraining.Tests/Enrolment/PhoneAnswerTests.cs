using Microsoft.Playwright;
using LibraryTraining.Local;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>
/// A participant on a phone, in real Chromium (Debian's /usr/bin/chromium, driven by Playwright; needs
/// the packages chromium and fonts-thai-tlwg): open the invitation link from the outbox, accept, give
/// details, see the confirmation. The screenshot is kept in docs/screenshots/.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class PhoneAnswerTests(RunnerFixture runner)
{
    const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Participant_OnAPhone_OpensTheInvitation_Accepts_GivesDetails_AndSeesTheConfirmation()
    {
        Assert.True(File.Exists(Chromium), "Install Chromium and a Thai font: apt-get install -y chromium fonts-thai-tlwg");
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme());
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 22);
        var invitation = mails.First(m => m.Kind == "invitation" && m.To == "participant10@example.org");
        var link = new Uri(runner.Runner.Address, EnrolmentRunner.LinkIn(invitation));

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
        await page.GotoAsync(link.AbsoluteUri);
        Assert.Equal("invited", await page.GetAttributeAsync("main", "data-status"));

        await page.GetByRole(AriaRole.Button, new() { Name = "ตอบรับเข้าร่วม" }).ClickAsync();
        await page.WaitForSelectorAsync("main[data-status=accepted]");
        Assert.Contains("ท่านได้รับที่นั่งแล้ว", await page.InnerTextAsync(".banner"), StringComparison.Ordinal);

        await page.FillAsync("#dietary", "อาหารอิสลาม");
        await page.FillAsync("#phone", "081 234 5678");
        await page.FillAsync("#emergencyContact", "นายสมศักดิ์ ใจดี 089 123 4567");
        await page.CheckAsync("input[name=accommodation]");
        await page.GetByRole(AriaRole.Button, new() { Name = "บันทึกข้อมูล" }).ClickAsync();
        await page.WaitForSelectorAsync("text=บันทึกข้อมูลแล้ว");

        // Nothing wider than the phone: one column, no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "answer-page-accepted-phone.png"), FullPage = false });

        var details = await runner.Get<LibraryTraining.Enrolment.RegistrationDetailsStore>().FindAsync(id, invitation.ParticipantId!, default);
        Assert.Equal("081 234 5678", details!.Phone);
        Assert.True(details.Accommodation);
    }
}
