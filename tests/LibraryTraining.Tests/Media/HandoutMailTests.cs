using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LibraryTraining.Enrolment;
using LibraryTraining.Media;
using LibraryTraining.Messaging;
using LibraryTraining.Reports;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;
using LibraryTraining.Tests.Messaging;

namespace LibraryTraining.Tests.Media;

/// <summary>Handout links in the participant mails: the confirmation and the daily briefing (the wrap-up has its own tests).</summary>
[Collection(MediaCollection.Name)]
public sealed partial class HandoutMailTests(RunnerFixture runner)
{
    static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task Confirmation_CarriesTheReleasedHandouts_ThroughLinksThatDownloadThem()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, capacity: 22, quotas: false));
        var now = await this.UploadAsync(id, "slides.pdf", Pdf("confirmation"), ("title", "สไลด์ การบริการห้องสมุด"), ("sessionId", "d1s2"));
        var held = await this.UploadAsync(id, "answers.pdf", Pdf("held"), ("title", "เฉลยแบบฝึกหัด"), ("sessionId", "d1s4"), ("releaseAfterSession", "true"));

        var (participantId, token) = (await runner.TokensAsync(id)).First();
        using (var form = EnrolmentRunner.Form(("decision", "accept")))
        {
            (await runner.Anonymous.PostAsync($"api/rsvp/{token}", form)).EnsureSuccessStatusCode();
        }
        var confirmation = (await runner.MailsAsync(id, m => m.Any(x => x.Kind == "confirmation" && x.ParticipantId == participantId)))
            .Single(m => m.Kind == "confirmation" && m.ParticipantId == participantId);

        // One link, in both parts, through the participant's own token; the held handout is not there yet.
        var links = HandoutLink().Matches(confirmation.Text).Select(m => m.Value).ToList();
        var link = Assert.Single(links);
        Assert.Equal($"/api/rsvp/{token}/handouts/{now}", new Uri(link).AbsolutePath);
        Assert.Contains($"href=\"{link}\"", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains("เอกสารประกอบการอบรม", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains("สไลด์ การบริการห้องสมุด", confirmation.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(held, confirmation.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("เฉลยแบบฝึกหัด", confirmation.Text, StringComparison.Ordinal);

        // The link is the answer page's own handout route: it gives the file.
        var download = await runner.Anonymous.GetAsync(new Uri(link).PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf("confirmation"), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Briefing_ListsOnlyTheHandoutsReleasedWhenItIsComposed_ByTheProgrammesClock()
    {
        // A compressed clock (60x): release is decided in programme time, so a check on the real clock alone
        // would release nothing in either briefing.
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, capacity: 22, quotas: false, clockSpeed: 60));
        var now = await this.UploadAsync(id, "slides.pdf", Pdf("briefing-now"), ("title", "สไลด์ การบริการห้องสมุด"), ("sessionId", "d1s2"));
        var held = await this.UploadAsync(id, "answers.pdf", Pdf("briefing-held"), ("title", "เฉลยแบบฝึกหัด"), ("sessionId", "d1s4"), ("releaseAfterSession", "true"));
        var (participantId, token) = (await runner.TokensAsync(id)).First();
        using (var form = EnrolmentRunner.Form(("decision", "accept")))
        {
            (await runner.Anonymous.PostAsync($"api/rsvp/{token}", form)).EnsureSuccessStatusCode();
        }

        var programme = (await runner.Get<ProgrammeStore>().FindAsync(id, default))!;
        var day1 = programme.Days[0];
        var heldUntil = ProgrammeTime.EndOf(day1, day1.Sessions.Single(s => s.Id == "d1s4"), programme.Zone);
        var briefings = ProgrammeTimeline.Plan(programme).Where(s => s.Kind == StepKind.DailyBriefing).Take(2).ToList();
        // Day 1's briefing goes that morning, before the workshop ends; day 2's the evening after it.
        Assert.True(briefings[0].Due < heldUntil && briefings[1].Due > heldUntil, string.Join(", ", briefings.Select(b => $"{b.Id} {b.Due:o}")));

        var sent = new List<OutboxEntry>();
        foreach (var step in briefings)
        {
            // The step as the orchestration runs it, at its due time on the programme's clock.
            var clock = new FixedClock(programme.Clock.ToReal(step.Due));
            var media = new ParticipantMedia(new HandoutService(runner.Get<StorageTables>(), clock), runner.Get<PhotoService>(), runner.Links(), runner.Get<PublicLinks>());
            var steps = new ProgrammeSteps(runner.Get<ProgrammeStore>(), runner.Get<ProgrammeMailer>(), clock, runner.Get<ProgrammeWrapUp>(), media, runner.Get<LibraryTraining.Enrolment.SeatBook>());
            Assert.Equal(1, await steps.RunAsync(id, step, default));
            var mails = await runner.Get<OutboxMailSender>().ReadAsync(id, default);
            // Each day's briefing has its own subject (the day's heading).
            sent.Add(mails.Single(m => m.Kind == "daily-briefing" && m.ParticipantId == participantId && sent.All(s => s.Subject != m.Subject)));
        }

        var (first, second) = (sent[0], sent[1]);
        Assert.Equal([$"/api/rsvp/{token}/handouts/{now}"], HandoutLink().Matches(first.Text).Select(m => new Uri(m.Value).AbsolutePath));
        Assert.DoesNotContain(held, first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("เฉลยแบบฝึกหัด", first.Html, StringComparison.Ordinal);
        Assert.Equal([$"/api/rsvp/{token}/handouts/{now}", $"/api/rsvp/{token}/handouts/{held}"],
            HandoutLink().Matches(second.Text).Select(m => new Uri(m.Value).AbsolutePath));
        Assert.Contains("เฉลยแบบฝึกหัด", second.Html, StringComparison.Ordinal);
        Assert.Contains($"/api/rsvp/{token}/handouts/{held}\"", second.Html, StringComparison.Ordinal);
    }

    async Task<string> UploadAsync(string programmeId, string fileName, byte[] content, params (string Name, string Value)[] fields)
    {
        using var form = MediaRunner.File(fileName, content, "file", fields);
        var response = await runner.Http.PostAsync($"api/programmes/{programmeId}/handouts", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/api/rsvp/[A-Za-z0-9_-]{43}/handouts/[A-Za-z0-9]+")]
    private static partial Regex HandoutLink();

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The handouts section the participant mails share: encoded in HTML, complete in text, absent when empty.</summary>
public sealed class HandoutMailSectionTests
{
    static readonly HandoutLink Hostile = new("h1", "<script>alert('x')</script> สไลด์ & notes", "<img src=x onerror=alert(1)>.pdf", "บรรยาย <b>", new Uri("https://lt.example.org/api/rsvp/tok/handouts/h1"));

    public static TheoryData<string, string> Mails() => new()
    {
        { "confirmation", "th" }, { "confirmation", "en" },
        { "briefing", "th" }, { "briefing", "en" },
        { "thanks", "th" }, { "thanks", "en" },
    };

    static ComposedMail Compose(string kind, string language, IReadOnlyList<HandoutLink>? handouts)
    {
        var programme = MessagingFixtures.Programme();
        var participant = language == "th" ? MessagingFixtures.ThaiLibrarian() : MessagingFixtures.EnglishSpeaker();
        return kind switch
        {
            "confirmation" => MailComposer.Confirmation(programme, participant, MessagingFixtures.AnswerLink, handouts),
            "briefing" => MailComposer.DailyBriefing(programme, participant, MessagingFixtures.AnswerLink, MessagingFixtures.OpeningDay, handouts),
            _ => WrapUpMail.Thanks(programme, participant, MessagingFixtures.AnswerLink, null, null, handouts),
        };
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public void HandoutTitleAndFileName_AreEncodedInHtml_AndTheLinkIsInBothParts(string kind, string language)
    {
        var mail = Compose(kind, language, [Hostile]);

        Assert.DoesNotContain("<script>", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; สไลด์ &amp; notes", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.pdf", mail.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://lt.example.org/api/rsvp/tok/handouts/h1\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains(language == "th" ? "เอกสารประกอบการอบรม" : "Handouts", mail.Html, StringComparison.Ordinal);

        // Plain text is plain: the title as written, and the address to copy.
        Assert.Contains("<script>alert('x')</script> สไลด์ & notes", mail.Text, StringComparison.Ordinal);
        Assert.Contains("https://lt.example.org/api/rsvp/tok/handouts/h1", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Mails))]
    public void NoReleasedHandouts_NoSection(string kind, string language)
    {
        foreach (var mail in new[] { Compose(kind, language, null), Compose(kind, language, []) })
        {
            Assert.DoesNotContain(language == "th" ? "เอกสารประกอบการอบรม" : "Handouts", mail.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("/handouts/", mail.Text, StringComparison.Ordinal);
        }
    }
}
