using System.Globalization;
using System.Text;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using static LibraryTraining.Attendance.PageShell;

namespace LibraryTraining.Feedback;

/// <summary>The survey behind the participant's link: big 1–5 choices a thumb can hit, then free text.</summary>
public static class SurveyPage
{
    public static (int Status, string Html) Render(SurveyView view, string token)
    {
        var body = new StringBuilder();
        if (view.Link != LinkState.Valid)
        {
            body.Append("<h1>ไม่พบลิงก์นี้ หรือลิงก์หมดอายุแล้ว</h1><p lang=\"en\">This link is unknown or no longer valid.</p>");
            return (view.Link == LinkState.Unknown ? 404 : 410, Wrap("th", "แบบสอบถาม / Survey", body));
        }
        var thai = ProgrammeDates.IsThai(view.Participant!.Language);
        var lang = thai ? "th" : "en";
        var programme = view.Programme!;
        body.Append(CultureInfo.InvariantCulture, $"<h1>{E(thai ? "แบบสอบถามความคิดเห็น" : "Your feedback")}</h1><p class=\"muted\">{E(thai || programme.TitleEn is null ? programme.Title : programme.TitleEn)}</p>");
        if (!view.Eligible)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner warn\">{E(thai ? "แบบสอบถามนี้สำหรับผู้ที่เข้าร่วมโครงการ" : "This survey is for those who took part in the programme.")}</p>");
            return (403, Wrap(lang, "Survey", body));
        }
        if (view.Saved)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner ok\" role=\"status\" data-saved=\"true\">{E(thai ? "ขอบคุณ บันทึกคำตอบของท่านแล้ว" : "Thank you: your answers are saved.")}</p>");
        }
        if (view.Closed)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner\">{E(thai ? "แบบสอบถามปิดแล้ว ขอบคุณสำหรับความร่วมมือ" : "The survey has closed. Thank you.")}</p>");
            return (view.Saved ? 200 : 409, Wrap(lang, "Survey", body));
        }
        var problems = (view.Problems ?? []).ToDictionary(p => p.Field, p => p.Message, StringComparer.Ordinal);
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(thai ? "คำตอบจะรายงานแบบไม่ระบุชื่อ ยกเว้นคำถามที่แจ้งไว้ · 1 = น้อยที่สุด 5 = มากที่สุด" : "Answers are reported without names unless a question says so · 1 = least, 5 = most")}</p>");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/api/rsvp/{Uri.EscapeDataString(token)}/survey\">");
        foreach (var q in view.Questions!)
        {
            var text = thai || q.TextEn is null ? q.Text : q.TextEn;
            var given = view.Answer?.Answers.GetValueOrDefault(q.Id);
            body.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"q\"><legend>{E(text)}{(q.Named ? E(thai ? " (แสดงชื่อผู้ตอบ)" : " (shown with your name)") : "")}</legend>");
            if (problems.TryGetValue(q.Id, out var problem))
            {
                body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner bad\">{E(problem)}</p>");
            }
            if (q.Kind == QuestionKind.Rating)
            {
                body.Append("<div class=\"scale\">");
                for (var score = 1; score <= 5; score++)
                {
                    body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"{E(q.Id)}\" value=\"{score}\"{(given == score.ToString(CultureInfo.InvariantCulture) ? " checked" : "")}><span>{score}</span></label>");
                }
                body.Append("</div>");
            }
            else
            {
                body.Append(CultureInfo.InvariantCulture, $"<textarea name=\"{E(q.Id)}\" rows=\"3\" maxlength=\"{SurveyQuestions.MaxText}\">{E(given)}</textarea>");
            }
            body.Append("</fieldset>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{E(thai ? "ส่งคำตอบ" : "Send")}</button></form>");
        return (view.Problems is { Count: > 0 } ? 400 : 200, Wrap(lang, thai ? "แบบสอบถาม" : "Survey", body,
            "fieldset.q{border:0;border-bottom:1px solid #eee;margin:0;padding:12px 0}legend{font-weight:bold}.scale{display:flex;gap:6px}" +
            ".scale label{flex:1}.scale input{position:absolute;opacity:0}.scale span{display:block;text-align:center;padding:12px 0;border:2px solid #1a4f8b;border-radius:8px;font-weight:bold}" +
            ".scale input:checked+span{background:#1a4f8b;color:#fff}textarea{width:100%;box-sizing:border-box;font:inherit;padding:10px;border:1px solid #bbb;border-radius:8px}"));
    }
}
