using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Reports;

/// <summary>The mails after the programme: thanks with the survey and the certificate, and survey reminders.</summary>
public static class WrapUpMail
{
    public static ComposedMail Thanks(Programme programme, Participant participant, Uri answerLink, Uri? surveyLink, Uri? certificateLink,
        IReadOnlyList<Media.HandoutLink>? handouts = null, Uri? gallery = null)
    {
        var words = MailWords.For(participant.Language);
        var thai = words.IsThai;
        var title = Title(programme, thai);
        var body = new MailBody(words);
        body.Heading(words.ThanksHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.ThanksIntro(title));
        if (certificateLink is not null)
        {
            body.Paragraph(thai ? "ท่านผ่านเกณฑ์การเข้าร่วมโครงการ ดาวน์โหลดเกียรติบัตรได้ที่ลิงก์ด้านล่าง เกียรติบัตรมีคิวอาร์โค้ดสำหรับตรวจสอบความถูกต้อง"
                : "You met the programme's attendance requirement. Download your certificate below; its QR code lets anyone check it is genuine.");
            body.Button(thai ? "ดาวน์โหลดเกียรติบัตร" : "Download your certificate", certificateLink);
        }
        body.Handouts(handouts);
        if (gallery is not null)
        {
            body.Paragraph(thai ? $"ภาพกิจกรรม: {gallery.AbsoluteUri}" : $"Photos: {gallery.AbsoluteUri}");
        }
        if (surveyLink is not null)
        {
            body.Paragraph(words.FeedbackRequest);
            body.Button(words.FeedbackButton, surveyLink);
        }
        else
        {
            body.Button(words.ProgrammeButton, answerLink);
        }
        Footer(body, programme, words);
        return body.Build(words.ThanksSubject(title));
    }

    public static ComposedMail SurveyReminder(Programme programme, Participant participant, Uri surveyLink, DateTimeOffset closesAt)
    {
        var words = MailWords.For(participant.Language);
        var thai = words.IsThai;
        var title = Title(programme, thai);
        var body = new MailBody(words);
        body.Heading(thai ? "ขอความกรุณาตอบแบบสอบถาม" : "A reminder: your feedback");
        body.Greeting(participant.Name);
        var closes = ProgrammeDates.Instant(closesAt, programme.Zone, words.Language);
        body.Paragraph(thai ? $"ขอความกรุณาตอบแบบสอบถามความคิดเห็นต่อ{title} ใช้เวลาไม่เกิน 3 นาที แบบสอบถามปิดวันที่ {closes}"
            : $"Please tell us what you thought of {title}. It takes three minutes; the survey closes on {closes}.");
        body.Button(words.FeedbackButton, surveyLink);
        Footer(body, programme, words);
        return body.Build(thai ? $"แบบสอบถาม: {title}" : $"Your feedback on {title}");
    }

    static string Title(Programme programme, bool thai) => thai || string.IsNullOrWhiteSpace(programme.TitleEn) ? programme.Title : programme.TitleEn;

    static void Footer(MailBody body, Programme programme, MailWords words)
    {
        if (programme.Organisers.Count > 0)
        {
            body.Footer(words.Questions(programme.Organisers[0].Name, programme.Organisers[0].Email));
        }
    }
}
