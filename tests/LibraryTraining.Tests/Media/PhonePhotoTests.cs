using LibraryTraining.Local;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LibraryTraining.Tests.Media;

/// <summary>
/// A participant at the study visit, on a phone, in real Chromium (Debian's /usr/bin/chromium driven by
/// Playwright; needs chromium and fonts-thai-tlwg): the link from the invitation in the outbox, the
/// photo form on the answer page, the gallery with the photo in it. The screenshot is kept in docs/screenshots/.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class PhonePhotoTests(RunnerFixture runner)
{
    const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Participant_OnAPhone_SharesAPhotoFromTheAnswerPage_AndSeesItInTheGallery()
    {
        Assert.True(File.Exists(Chromium), "Install Chromium and a Thai font: apt-get install -y chromium fonts-thai-tlwg");
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, quotas: false));
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "invitation") == 6);
        var invitation = mails.First(m => m.Kind == "invitation");
        var link = EnrolmentRunner.LinkIn(invitation);
        using (var accept = EnrolmentRunner.Form(("decision", "accept")))
        {
            (await runner.Anonymous.PostAsync(link, accept)).EnsureSuccessStatusCode();
        }
        var photo = Path.Combine(Path.GetTempPath(), $"ภาพศึกษาดูงาน-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.JpegWithGps(seed: 42, width: 1200, height: 900));

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
        await page.GotoAsync(new Uri(runner.Runner.Address, link).AbsoluteUri);
        Assert.Equal("accepted", await page.GetAttributeAsync("main", "data-status"));
        Assert.Contains("ภาพกิจกรรม", await page.InnerTextAsync("#media"), StringComparison.Ordinal);

        await page.SetInputFilesAsync("#photo", photo);
        await page.GetByRole(AriaRole.Button, new() { Name = "ส่งภาพ" }).ClickAsync();
        await page.WaitForSelectorAsync("main[data-photos=\"1\"]");
        Assert.Contains("ส่งภาพแล้ว 1 ภาพ", await page.InnerTextAsync(".banner"), StringComparison.Ordinal);
        // The thumbnail really loads (decoded by the browser), and the phone never scrolls sideways.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.grid img')].every(i => i.complete && i.naturalWidth > 0)");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        Assert.Equal(1, await page.Locator("button.delete").CountAsync());

        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "gallery-after-upload-phone.png"), FullPage = false });
        File.Delete(photo);

        var stored = Assert.Single(await runner.Get<LibraryTraining.Media.PhotoService>().ListAsync(id, default));
        Assert.True(stored.GpsRemoved);
        Assert.StartsWith("ภาพศึกษาดูงาน", stored.FileName, StringComparison.Ordinal);
    }
}
