using System.Net;
using LibraryTraining.Messaging;
using static LibraryTraining.Tests.Messaging.MessagingFixtures;

namespace LibraryTraining.Tests.Messaging;

public class MailComposerTests
{
    const string ScriptPayload = "<script>alert(1)</script>";
    const string AttributePayload = "\"><img src=x onerror=alert(1)>";

    static readonly string EncodedLink = WebUtility.HtmlEncode(AnswerLink.AbsoluteUri);

    [Fact]
    public void Invitation_ThaiParticipant_HasThaiTitleBuddhistEraDatesAndAnswerLink()
    {
        var mail = MailComposer.Invitation(Programme(), ThaiLibrarian(), AnswerLink);

        Assert.Contains(ThaiTitle, mail.Subject);
        Assert.Contains("14–16 กุมภาพันธ์ 2561", mail.Subject);
        Assert.Contains("<html lang=\"th\"", mail.Html);
        Assert.Contains(ThaiTitle, mail.Html);
        Assert.Contains("14–16 กุมภาพันธ์ 2561", mail.Html);
        Assert.Contains("ตอบรับ / ปฏิเสธ", mail.Html);
        Assert.Contains($"href=\"{EncodedLink}\"", mail.Html);
        Assert.Contains("นางสาวมาลี ศรีสุข", mail.Html);
        Assert.Contains("7 กุมภาพันธ์ 2561 เวลา 17:00 น.", mail.Html);
        Assert.Contains(AnswerLink.AbsoluteUri, mail.Text);
        Assert.Contains(ThaiTitle, mail.Text);
    }

    [Fact]
    public void Invitation_ThaiParticipant_ListsWholeScheduleWithStudyVisits()
    {
        var mail = MailComposer.Invitation(Programme(), ThaiLibrarian(), AnswerLink);

        Assert.Contains("วันพุธที่ 14 กุมภาพันธ์ 2561", mail.Html);
        Assert.Contains("09:00–10:00 น.", mail.Html);
        Assert.Contains("พิธีเปิดโครงการ", mail.Html);
        Assert.Contains("วิทยากรจาก กศน.อำเภอเมืองพิษณุโลก", mail.Html);
        Assert.Contains(ChonburiHost, mail.Html);
        Assert.Contains("05:30 น. ณ " + BusStop, mail.Html);
        Assert.Contains(RayongHost, mail.Html);
        Assert.Contains("20:00 น.", mail.Html);
    }

    [Fact]
    public void Invitation_HasExactlyOneButtonLink()
    {
        var mail = MailComposer.Invitation(Programme(), ThaiLibrarian(), AnswerLink);

        Assert.Single(AllIndexesOf(mail.Html, $"href=\"{EncodedLink}\""));
    }

    [Fact]
    public void Invitation_EnglishParticipant_GetsEnglishTitleAndDates()
    {
        var mail = MailComposer.Invitation(Programme(), EnglishSpeaker(), AnswerLink);

        Assert.StartsWith("Invitation: " + EnglishTitle, mail.Subject);
        Assert.Contains("<html lang=\"en\"", mail.Html);
        Assert.Contains(EnglishTitle, mail.Html);
        Assert.DoesNotContain(ThaiTitle, mail.Html);
        Assert.Contains("14–16 February 2018", mail.Html);
        Assert.Contains("Answer the invitation", mail.Html);
        Assert.DoesNotContain("ตอบรับ / ปฏิเสธ", mail.Html);
        Assert.Contains("Wednesday 14 February 2018", mail.Text);
        Assert.Contains("7 February 2018, 17:00", mail.Text);
    }

    [Fact]
    public void Invitation_NoEnglishTitle_FallsBackToThaiTitle()
    {
        var programme = Programme() with { TitleEn = null };

        var mail = MailComposer.Invitation(programme, EnglishSpeaker(), AnswerLink);

        Assert.Contains(ThaiTitle, mail.Subject);
    }

    [Fact]
    public void Invitation_Html_IsPhoneFriendly()
    {
        var html = MailComposer.Invitation(Programme(), ThaiLibrarian(), AnswerLink).Html;

        Assert.Contains("max-width:600px", html);
        Assert.Contains("font-size:16px", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("'Sarabun','Noto Sans Thai'", html);
        Assert.Contains("display:block;padding:16px", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void DailyBriefing_StudyVisitDay_ShowsDepartureHostAddressAndContact()
    {
        var mail = MailComposer.DailyBriefing(Programme(), ThaiLibrarian(), AnswerLink, ChonburiDay);

        Assert.Contains("รถออก 05:30 น.", mail.Subject);
        Assert.Contains("วันพฤหัสบดีที่ 15 กุมภาพันธ์ 2561", mail.Html);
        Assert.Contains(BusStop, mail.Html);
        Assert.Contains("05:30 น.", mail.Html);
        Assert.Contains(ChonburiHost, mail.Html);
        Assert.Contains(ChonburiAddress, mail.Html);
        Assert.Contains(ChonburiContact, mail.Html);
        Assert.Contains("https://maps.example.org/?q=chonburi-learning-park", mail.Html);
        Assert.Contains(BusStop, mail.Text);
        Assert.Contains(ChonburiContact, mail.Text);
        Assert.DoesNotContain("พิธีเปิดโครงการ", mail.Html);
    }

    [Fact]
    public void DailyBriefing_StudyVisitDay_PutsDepartureBeforeSessions()
    {
        var html = MailComposer.DailyBriefing(Programme(), ThaiLibrarian(), AnswerLink, ChonburiDay).Html;

        Assert.True(html.IndexOf(BusStop, StringComparison.Ordinal) < html.IndexOf("กำหนดการของวัน", StringComparison.Ordinal));
    }

    [Fact]
    public void DailyBriefing_ReturnDay_ShowsExpectedReturn()
    {
        var mail = MailComposer.DailyBriefing(Programme(), EnglishSpeaker(), AnswerLink, RayongDay);

        Assert.Contains("bus leaves 07:30", mail.Subject);
        Assert.Contains("Expected return", mail.Html);
        Assert.Contains("20:00", mail.Html);
        Assert.Contains(RayongHost, mail.Text);
    }

    [Fact]
    public void DailyBriefing_DayOutsideProgramme_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MailComposer.DailyBriefing(Programme(), ThaiLibrarian(), AnswerLink, new DateOnly(2018, 2, 20)));
    }

    [Fact]
    public void Waitlisted_Position_IsStated()
    {
        var mail = MailComposer.Waitlisted(Programme(), EnglishSpeaker(), AnswerLink, 3);

        Assert.Contains("You are number 3 on the waiting list", mail.Html);
    }

    [Fact]
    public void Offer_Expiry_IsShownInBangkokTime()
    {
        var mail = MailComposer.Offer(Programme(), ThaiLibrarian(), AnswerLink, new DateTimeOffset(2018, 2, 9, 10, 0, 0, TimeSpan.Zero));

        Assert.Contains("9 กุมภาพันธ์ 2561 เวลา 17:00 น.", mail.Html);
    }

    [Fact]
    public void Reminder_OrganiserNote_IsQuoted()
    {
        var mail = MailComposer.Reminder(Programme(), ThaiLibrarian(), AnswerLink, "กรุณาตอบภายในวันศุกร์\nขอบคุณค่ะ");

        Assert.Contains("กรุณาตอบภายในวันศุกร์<br>ขอบคุณค่ะ", mail.Html);
        Assert.Contains("> ขอบคุณค่ะ", mail.Text);
    }

    [Fact]
    public void Cancellation_Reason_IsShownWithoutButton()
    {
        var mail = MailComposer.Cancellation(Programme(), ThaiLibrarian(), "งบประมาณไม่เพียงพอ");

        Assert.Contains("งบประมาณไม่เพียงพอ", mail.Html);
        Assert.Contains("งบประมาณไม่เพียงพอ", mail.Text);
        Assert.DoesNotContain(AnswerLink.AbsoluteUri, mail.Text);
    }

    [Fact]
    public void EveryMail_BothLanguages_HasLinkInTextAndHtml()
    {
        foreach (var participant in new[] { ThaiLibrarian(), EnglishSpeaker() })
        {
            foreach (var (kind, mail) in EveryMail(Programme(), participant).Where(m => m.Kind != "cancellation"))
            {
                Assert.True(mail.Text.Contains(AnswerLink.AbsoluteUri, StringComparison.Ordinal), $"{kind} text lacks the link");
                Assert.True(mail.Html.Contains($"href=\"{EncodedLink}\"", StringComparison.Ordinal), $"{kind} html lacks the button");
                Assert.True(mail.Html.Contains($"<html lang=\"{participant.Language}\"", StringComparison.Ordinal), $"{kind} has the wrong lang");
            }
        }
    }

    [Fact]
    public void EveryMail_SubjectsAreDistinct()
    {
        var subjects = EveryMail(Programme(), ThaiLibrarian()).Select(m => m.Mail.Subject).ToList();

        Assert.Equal(subjects.Count, subjects.Distinct().Count());
    }

    [Fact]
    public void EveryMail_TitleWithLineBreaks_SubjectHasNoNewlines()
    {
        var programme = Programme() with { Title = "อบรม\r\nBcc: victim@example.org\nห้องสมุด", TitleEn = "Training\r\nBcc: victim@example.org" };

        foreach (var participant in new[] { ThaiLibrarian(), EnglishSpeaker() })
        {
            foreach (var (kind, mail) in EveryMail(programme, participant))
            {
                Assert.False(mail.Subject.Contains('\r') || mail.Subject.Contains('\n'), $"{kind} subject has a line break");
                Assert.Contains("Bcc: victim@example.org", mail.Subject);
            }
        }
    }

    [Fact]
    public void EveryMail_ScriptInUserText_IsEncodedInHtml()
    {
        var programme = Hostile(Programme());
        var participant = ThaiLibrarian() with { Name = AttributePayload };

        foreach (var language in new[] { "th", "en" })
        {
            foreach (var (kind, mail) in EveryMail(programme, participant with { Language = language }, note: ScriptPayload, reason: AttributePayload))
            {
                Assert.False(mail.Html.Contains("<script", StringComparison.OrdinalIgnoreCase), $"{kind} has a raw script tag");
                Assert.False(mail.Html.Contains("<img", StringComparison.OrdinalIgnoreCase), $"{kind} has a raw img tag");
                Assert.False(mail.Html.Contains("href=\"javascript:", StringComparison.OrdinalIgnoreCase), $"{kind} links to javascript:");
                Assert.False(mail.Html.Contains(AttributePayload, StringComparison.Ordinal), $"{kind} has the attribute payload raw");
                Assert.True(mail.Html.Contains(WebUtility.HtmlEncode(AttributePayload), StringComparison.Ordinal), $"{kind} lost the name");
            }
        }
    }

    [Fact]
    public void Invitation_ScriptInTitle_ShowsEncodedTitle()
    {
        var programme = Programme() with { Title = ScriptPayload };

        var mail = MailComposer.Invitation(programme, ThaiLibrarian(), AnswerLink);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mail.Html);
        Assert.DoesNotContain(ScriptPayload, mail.Html);
        Assert.Contains(ScriptPayload, mail.Subject);
    }

    [Fact]
    public void Cancellation_ScriptInReason_IsEncoded()
    {
        var mail = MailComposer.Cancellation(Programme(), ThaiLibrarian(), ScriptPayload);

        Assert.DoesNotContain(ScriptPayload, mail.Html);
        Assert.Contains("&lt;script&gt;", mail.Html);
    }

    [Fact]
    public void DailyBriefing_NonWebMapUrl_IsNotALink()
    {
        var programme = Hostile(Programme());

        var mail = MailComposer.DailyBriefing(programme, ThaiLibrarian(), AnswerLink, ChonburiDay);

        Assert.DoesNotContain("href=\"javascript:", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("javascript:alert(1)", mail.Html);
    }

    [Fact]
    public void DailyBriefing_MapUrlWithQuote_CannotBreakOutOfHref()
    {
        var programme = WithChonburiLocation(Programme(), new("Park", null, "https://maps.example.org/?q=a\"onmouseover=\"alert(1)"));

        var html = MailComposer.DailyBriefing(programme, ThaiLibrarian(), AnswerLink, ChonburiDay).Html;

        Assert.DoesNotContain("\"onmouseover=", html);
        Assert.Contains("href=\"https://maps.example.org/?q=a%22onmouseover=%22alert(1)\"", html);
    }

    [Fact]
    public void Invitation_NonWebAnswerLink_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            MailComposer.Invitation(Programme(), ThaiLibrarian(), new Uri("javascript:alert(1)")));
    }

    /// <summary>Puts attack strings in every organiser-supplied field a mail can show.</summary>
    static Programme Hostile(Programme programme) => programme with
    {
        Title = ScriptPayload,
        TitleEn = AttributePayload,
        Venue = AttributePayload,
        Organisers = [new(ScriptPayload, "x@example.org\"><img src=x>", "th")],
        Days =
        [
            .. programme.Days.Select(day => day with
            {
                Sessions =
                [
                    .. day.Sessions.Select(session => session with
                    {
                        Title = ScriptPayload,
                        Speakers = [AttributePayload],
                        Location = new(ScriptPayload, AttributePayload, "javascript:alert(1)"),
                        StudyVisit = session.StudyVisit is null ? null : new(ScriptPayload, AttributePayload, new(ScriptPayload, new(5, 30)), new(20, 0)),
                    }),
                ],
            }),
        ],
    };

    static Programme WithChonburiLocation(Programme programme, Location location) => programme with
    {
        Days =
        [
            .. programme.Days.Select(day => day.Date != ChonburiDay ? day : day with
            {
                Sessions = [.. day.Sessions.Select(s => s with { Location = location })],
            }),
        ],
    };

    static List<int> AllIndexesOf(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }
        return found;
    }
}
