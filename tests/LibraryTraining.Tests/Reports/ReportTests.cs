using System.Text;
using LibraryTraining.Attendance;
using LibraryTraining.Feedback;
using LibraryTraining.Local;
using LibraryTraining.Messaging;
using LibraryTraining.Reports;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Attendance;

namespace LibraryTraining.Tests.Reports;

/// <summary>The final report: its contents from real data, the Thai PDF looked at as an image, storage, mail and the CSV export.</summary>
public sealed class ReportTests
{
    static readonly string[] All = ["d1s1", "d1s2", "d1s4", "d2s1", "d3s1"];

    /// <summary>The seed run as it happened: 21 of 22 came (one missed the Rayong visit too), 6 answered the survey.</summary>
    static async Task<AttendanceWorld> RunProgrammeAsync()
    {
        var world = await AttendanceWorld.CreateAsync();
        var p = world.Participants;
        await Task.WhenAll(p.Skip(2).Select(x => world.AttendAsync(x, All)));
        await world.AttendAsync(p[1], "d1s1", "d1s2", "d1s4", "d2s1"); // missed day 3
        var feedback = world.Get<FeedbackService>();
        string[] texts = ["จะนำระบบยืม-คืนหนังสือมาปรับใช้ที่ห้องสมุดอำเภอ", "อยากให้มีการศึกษาดูงานห้องสมุดดิจิทัลเพิ่มเติม", "ได้แนวคิดการจัดมุมนิทานสำหรับเด็กและเยาวชน", "", "ขอบคุณวิทยากรที่ให้ความรู้อย่างเป็นกันเอง", ""];
        for (var i = 0; i < 6; i++)
        {
            var form = new Dictionary<string, string>
            {
                ["content"] = (5 - (i % 2)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["speakers"] = "5",
                ["visit1"] = "4",
                ["visit2"] = (3 + (i % 3)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["logistics"] = "4",
                ["takeaway"] = texts[i],
            };
            var saved = await feedback.SubmitAsync(await world.TokenAsync(p[2 + i]), form, default);
            Assert.True(saved.Saved);
        }
        return world;
    }

    static async Task<ProgrammeReport> ReportAsync(AttendanceWorld world, IReadOnlyList<ReportPhoto>? photos = null)
    {
        var id = world.Programme.Id;
        return ProgrammeReport.Build(world.Programme,
            await world.Get<ProgrammeStore>().ParticipantsAsync(id, default),
            await world.Get<AttendanceStore>().ListAsync(id, default),
            await world.Get<FeedbackService>().AnswersAsync(id, default),
            [new ReportHandout("สไลด์: การบริการห้องสมุดเพื่อการเรียนรู้ตลอดชีวิต", "บรรยาย", "slides.pdf", null)],
            photos ?? [],
            world.Clock.Now);
    }

    [Fact]
    public async Task ReportPdf_RenderedToPng_ShowsTheThaiTextInTheEmbeddedFont()
    {
        var world = await RunProgrammeAsync();
        var photo = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "docs", "screenshots", "answer-page-accepted-phone.png"));
        var report = await ReportAsync(world, [new ReportPhoto("ภาพตัวอย่าง: หน้าตอบรับบนโทรศัพท์", "image/png", photo)]);

        var pdf = ReportPdf.Render(report);
        var pages = PdfImages.Render(pdf, "report", resolution: 70);
        PdfImages.RenderCloseUp(pdf, "report-closeup", 150, 80, 80, 1000, 520);

        var text = PdfImages.Text(pdf);
        Assert.Contains("ร่างข่าวประชาสัมพันธ์", text, StringComparison.Ordinal);
        Assert.Contains("17–19 กุมภาพันธ์ 2570", text, StringComparison.Ordinal);
        // A tone mark lifted over a vowel is drawn on its own, so text extraction may drop it ("ที่" can come out as
        // "ท่"); a phrase without stacked marks comes out whole.
        Assert.Contains("ได้แนวคิดการจัดมุมนิทานสำหรับเด็กและเยาวชน", text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // Every font in the file is our embedded Sarabun: nothing falls back to a font the reader may lack.
        var fonts = PdfImages.Fonts(pdf).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Contains("Sarabun", f, StringComparison.Ordinal));
        Assert.All(fonts, f => Assert.Matches(@"\byes\s+yes\s+yes\b", f)); // embedded, subset, unicode map
        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
    }

    [Fact]
    public async Task NewsDraft_FromTheData_NamesDatesInBuddhistEraOrganiserVenueNumbersAndHosts()
    {
        var world = await RunProgrammeAsync();

        var draft = (await ReportAsync(world)).NewsDraft;

        Assert.StartsWith("กองการศึกษา ศาสนาและวัฒนธรรม อบจ.พิษณุโลก จัดโครงการฝึกอบรมและศึกษาดูงาน", draft, StringComparison.Ordinal);
        Assert.Contains("เมื่อวันที่ 17 กุมภาพันธ์ 2570 ที่ปรึกษานายกองค์การบริหารส่วนจังหวัดพิษณุโลก เป็นประธานในพิธีเปิด", draft, StringComparison.Ordinal);
        Assert.Contains("ระหว่างวันที่ 17–19 กุมภาพันธ์ 2570 ณ ห้องประชุมสุพรรณกัลยา องค์การบริหารส่วนจังหวัดพิษณุโลก", draft, StringComparison.Ordinal);
        Assert.Contains("รวมทั้งสิ้น 21 คน", draft, StringComparison.Ordinal);
        Assert.Contains("ศึกษาดูงาน 2 แห่ง", draft, StringComparison.Ordinal);
        Assert.Contains("(องค์การบริหารส่วนจังหวัดชลบุรี)", draft, StringComparison.Ordinal);
        Assert.Contains("(เทศบาลนครระยอง)", draft, StringComparison.Ordinal);
        Assert.Contains("วิทยากรจาก กศน.อำเภอเมืองพิษณุโลก", draft, StringComparison.Ordinal);
        Assert.Contains("ตอบแบบสอบถาม 6 จาก 21 คน", draft, StringComparison.Ordinal);
        Assert.Contains("มีผู้ได้รับเกียรติบัตร 21 คน", draft, StringComparison.Ordinal); // 4 of 5 is exactly 80%
    }

    [Fact]
    public async Task Report_Published_IsStoredInBlobStorage_AndMailedToTheOrganisersOncePerPurpose()
    {
        var world = await RunProgrammeAsync();
        var reports = world.Get<ReportService>();

        var published = (await reports.PublishAsync(world.Programme.Id, "wrap-up", default))!;
        var again = (await reports.PublishAsync(world.Programme.Id, "wrap-up", default))!;

        Assert.Equal((1, 0), (published.Mailed, again.Mailed));
        var container = await world.Get<StorageTables>().ContainerAsync(StorageTables.ReportsContainer);
        Assert.True(await container.GetBlobClient($"{world.Programme.Id}/report.pdf").ExistsAsync());
        var html = Encoding.UTF8.GetString((await reports.ReadAsync(world.Programme.Id, "html", default))!);
        Assert.Contains("ผู้เข้าร่วมจำแนกตามหน่วยงาน", html, StringComparison.Ordinal);
        Assert.Contains("โรงเรียนวังโป่งพิทยาคม", html, StringComparison.Ordinal);
        var mail = Assert.Single(await world.Get<OutboxMailSender>().ReadAsync(world.Programme.Id, default), m => m.Kind == "report");
        Assert.Equal("education@example.org", mail.To);
        Assert.Equal("report.pdf", Assert.Single(mail.Attachments).Filename);
    }

    [Fact]
    public async Task FeedbackResults_AreAnonymous_UnlessTheQuestionSaysOtherwise()
    {
        var world = await RunProgrammeAsync();
        var report = await ReportAsync(world);
        var takeaway = report.Feedback.Questions.Single(q => q.Question.Id == "takeaway");
        Assert.Equal(4, takeaway.Texts.Count);
        Assert.All(takeaway.Texts, t => Assert.Null(t.Name));
        Assert.DoesNotContain(world.Participants[2].Name, ReportHtml.Render(report), StringComparison.Ordinal);

        var named = world.Programme with { Survey = new Survey { Questions = [new SurveyQuestion("takeaway", QuestionKind.Text, "ยินดีให้อ้างอิงชื่อ", Named: true)] } };
        var answers = await world.Get<FeedbackService>().AnswersAsync(world.Programme.Id, default);
        var results = FeedbackService.Summarise(named, world.Participants, 21, answers);
        Assert.Contains(results.Questions[0].Texts, t => t.Name == world.Participants[2].Name);
        Assert.Equal(4.5, report.Feedback.Questions.Single(q => q.Question.Id == "content").Average);
    }

    [Fact]
    public async Task AttendanceCsv_IsUtf8WithBom_OneRowPerParticipant_OneColumnPerSession()
    {
        var world = await RunProgrammeAsync();
        var report = await ReportAsync(world);

        var csv = AttendanceCsv.Write(report, await world.Get<AttendanceStore>().ListAsync(world.Programme.Id, default));

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(23, lines.Length);
        Assert.StartsWith("name,email,role,site,answer,2027-02-17 08:30 พิธีเปิดการฝึกอบรม,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("attended,counted,certificate", lines[0], StringComparison.Ordinal);
        var noShow = world.Participants[0];
        Assert.Contains(lines, l => l.StartsWith(noShow.Name + ",", StringComparison.Ordinal) && l.EndsWith(",0,5,no", StringComparison.Ordinal));
    }
}
