using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using LibraryTraining.Enrolment;
using LibraryTraining.Media;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Media;

/// <summary>Handouts: organisers upload them per session; participants open them through their own link once released.</summary>
[Collection(MediaCollection.Name)]
public sealed class HandoutTests(RunnerFixture runner)
{
    static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    static byte[] Pptx()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
            writer.Write("<Types/>");
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Handouts_ReleasedAtOnce_AreOnTheAnswerPageAndDownload_WhileOnesWaitingForTheirSession_AreHeld()
    {
        var (id, tokens, all) = await runner.ProgrammeAsync(accepted: 1);
        using var now = MediaRunner.File("slides.pdf", Pdf("now"), "file", ("title", "สไลด์ การบริการห้องสมุด"), ("sessionId", "d1s2"));
        var created = await runner.Http.PostAsync($"api/programmes/{id}/handouts", now);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var handout = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.True(handout.GetProperty("released").GetBoolean());

        using var later = MediaRunner.File("answers.pptx", Pptx(), "file", ("title", "เฉลยแบบฝึกหัด"), ("sessionId", "d1s4"), ("releaseAfterSession", "true"));
        var held = await runner.Http.PostAsync($"api/programmes/{id}/handouts", later);
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        var heldJson = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement;
        Assert.False(heldJson.GetProperty("released").GetBoolean());
        Assert.Equal("application/vnd.openxmlformats-officedocument.presentationml.presentation", heldJson.GetProperty("contentType").GetString());

        var list = JsonDocument.Parse(await runner.Http.GetStringAsync($"api/programmes/{id}/handouts")).RootElement;
        Assert.Equal(2, list.GetArrayLength());

        var page = await runner.Anonymous.GetStringAsync($"api/rsvp/{tokens[0]}");
        Assert.Contains("เอกสารประกอบการอบรม", page, StringComparison.Ordinal);
        Assert.Contains("สไลด์ การบริการห้องสมุด", page, StringComparison.Ordinal);
        Assert.DoesNotContain("เฉลยแบบฝึกหัด", page, StringComparison.Ordinal);
        Assert.Contains($"/api/rsvp/{tokens[0]}/photos", page, StringComparison.Ordinal); // and the photo form

        var download = await runner.Anonymous.GetAsync($"api/rsvp/{tokens[0]}/handouts/{handout.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf("now"), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("slides.pdf", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        var refused = await runner.Anonymous.GetAsync($"api/rsvp/{tokens[0]}/handouts/{heldJson.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("หลังจบช่วงอบรม", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Someone without a place gets neither; a link that no longer works gets 410.
        var notAccepted = all.Values.Last();
        Assert.Equal(HttpStatusCode.Forbidden, (await runner.Anonymous.GetAsync($"api/rsvp/{notAccepted}/handouts/{handout.GetProperty("id").GetString()}")).StatusCode);
        Assert.DoesNotContain("เอกสารประกอบการอบรม", await runner.Anonymous.GetStringAsync($"api/rsvp/{notAccepted}"), StringComparison.Ordinal);
        var participant = all.First(t => t.Value == tokens[0]).Key;
        (await runner.Http.PostAsync($"api/programmes/{id}/participants/{participant}/link", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Gone, (await runner.Anonymous.GetAsync($"api/rsvp/{tokens[0]}/handouts/{handout.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task HandoutHeldForItsSession_IsReleasedToParticipantsAndMails_WhenTheSessionEnds()
    {
        var (id, tokens, _) = await runner.ProgrammeAsync(accepted: 1);
        using var later = MediaRunner.File("answers.pdf", Pdf("later"), "file", ("sessionId", "d1s4"), ("releaseAfterSession", "on"));
        Assert.Equal(HttpStatusCode.Created, (await runner.Http.PostAsync($"api/programmes/{id}/handouts", later)).StatusCode);
        var programme = (await runner.Get<ProgrammeStore>().FindAsync(id, default))!;
        var day = programme.Days[0];
        var sessionEnd = ProgrammeTime.EndOf(day, day.Sessions.Single(s => s.Id == "d1s4"), programme.Zone);

        // The same services on a clock just before and just after the session's end.
        var participant = (await runner.Get<MediaAccess>().ResolveAsync(tokens[0], default)).Participant!;
        foreach (var (at, expected) in new[] { (sessionEnd.AddMinutes(-1), 0), (sessionEnd.AddMinutes(1), 1) })
        {
            var clock = new FixedClock(at);
            var handouts = new HandoutService(runner.Get<StorageTables>(), clock);
            var media = new ParticipantMedia(handouts, runner.Get<PhotoService>(), runner.Get<ParticipantLinks>(), runner.Get<PublicLinks>());
            var links = await media.LinksAsync(programme, participant, default);
            Assert.Equal(expected, links.Handouts.Count);
            if (expected == 1)
            {
                Assert.Equal($"/api/rsvp/{tokens[0]}/handouts/{links.Handouts[0].Id}", links.Handouts[0].Url.AbsolutePath);
                Assert.Equal("answers", links.Handouts[0].Title);
                Assert.Equal($"/api/rsvp/{tokens[0]}/gallery", links.Gallery.AbsolutePath);
            }
        }
    }

    public static TheoryData<string, string, int, string> BadHandouts() => new()
    {
        { "a PNG named .pdf", "slides.pdf", 415, "unsupported-type" },
        { "a plain ZIP", "slides.zip", 415, "unsupported-type" },
        { "a truncated PDF", "slides.pdf", 422, "truncated" },
        { "a truncated PPTX", "slides.pptx", 422, "truncated" },
        { "an empty file", "slides.pdf", 400, "empty" },
        { "a path", "../../slides.pdf", 400, "bad-name" },
        { "a Windows path", "C:\\Users\\slides.pdf", 400, "bad-name" },
        { "a duplicate", "again.pdf", 409, "duplicate" },
    };

    [Theory]
    [MemberData(nameof(BadHandouts))]
    public async Task UploadHandout_BadFile_GetsAClear4xx_AndStoresNothing(string what, string fileName, int status, string code)
    {
        var (id, _, _) = await runner.ProgrammeAsync(accepted: 0);
        if (what == "a duplicate")
        {
            using var first = MediaRunner.File("first.pdf", Pdf("dup"), "file");
            (await runner.Http.PostAsync($"api/programmes/{id}/handouts", first)).EnsureSuccessStatusCode();
        }
        var before = await runner.MediaSnapshotAsync(id);
        byte[] content = what switch
        {
            "a PNG named .pdf" => TestImages.Pixels(SkiaSharp.SKEncodedImageFormat.Png, 10, 10),
            "a plain ZIP" => Pptx(),
            "a truncated PDF" => Pdf("cut")[..40],
            "a truncated PPTX" => Pptx()[..^30],
            "an empty file" => [],
            "a duplicate" => Pdf("dup"),
            _ => Pdf("name"),
        };
        using var form = MediaRunner.File(fileName, content, "file");
        var response = await runner.Http.PostAsync($"api/programmes/{id}/handouts", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.Equal(before, await runner.MediaSnapshotAsync(id));
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
