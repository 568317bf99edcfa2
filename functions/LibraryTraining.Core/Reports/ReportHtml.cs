using System.Globalization;
using System.Text;
using LibraryTraining.Feedback;
using LibraryTraining.Messaging;
using static LibraryTraining.Attendance.PageShell;

namespace LibraryTraining.Reports;

/// <summary>The final report as one self-contained HTML page (photos inline), for a browser or a mail client.</summary>
public static class ReportHtml
{
    public static string Render(ProgrammeReport r)
    {
        var p = r.Programme;
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>รายงานผลการดำเนินงาน{E(p.Title)}</h1>");
        b.Append("<h2>สรุปโครงการ</h2><table>");
        Row(b, "วันที่", ProgrammeDates.DateRange(p.FirstDate, p.LastDate, "th"));
        Row(b, "สถานที่", p.Venue);
        Row(b, "ผู้จัด", string.Join(", ", p.Organisers.Select(o => o.Name)));
        Row(b, "ผู้ได้รับเชิญ", $"{r.Roster.Count} คน");
        Row(b, "ผู้ตอบรับ", $"{r.Roster.Count(Attendance.AttendanceService.Expected)} คน");
        Row(b, "ผู้เข้าร่วมจริง", $"{r.Attended} คน");
        Row(b, "ผู้ได้รับเกียรติบัตร", $"{r.Certificates} คน (เกณฑ์เข้าร่วมไม่น้อยกว่าร้อยละ {p.AttendanceThreshold * 100:0} ของกิจกรรม)");
        b.Append("</table>");

        Groups(b, "ผู้เข้าร่วมจำแนกตามตำแหน่ง", r.ByRole);
        Groups(b, "ผู้เข้าร่วมจำแนกตามหน่วยงาน", r.BySite);

        b.Append("<h2>การเข้าร่วมแต่ละกิจกรรม</h2><table><tr><th>วันที่</th><th>เวลา</th><th>กิจกรรม</th><th>มา / คาด</th></tr>");
        foreach (var s in r.Sessions)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(ProgrammeDates.Date(s.Day.Date, "th"))}</td><td>{E(ProgrammeDates.TimeRange(s.Session.Start, s.Session.End, "th"))}</td><td>{E(s.Session.Title)}</td><td>{(s.Counts ? $"{s.Present} / {s.Expected}" : "–")}</td></tr>");
        }
        b.Append("</table>");

        b.Append(CultureInfo.InvariantCulture, $"<h2>ผลการประเมิน</h2><p>ตอบแบบสอบถาม {r.Feedback.Responded} จาก {r.Feedback.Invited} คน (ไม่ระบุชื่อผู้ตอบ ยกเว้นคำถามที่ระบุไว้)</p><table><tr><th>คำถาม</th><th>ค่าเฉลี่ย (1–5)</th><th>จำนวนผู้ตอบ</th></tr>");
        foreach (var q in r.Feedback.Questions.Where(q => q.Question.Kind == QuestionKind.Rating))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(q.Question.Text)}</td><td>{(q.Average is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "–")}</td><td>{q.Answered}</td></tr>");
        }
        b.Append("</table>");
        foreach (var q in r.Feedback.Questions.Where(q => q.Question.Kind == QuestionKind.Text && q.Texts.Count > 0))
        {
            b.Append(CultureInfo.InvariantCulture, $"<h3>{E(q.Question.Text)}</h3><ul>");
            foreach (var (name, text) in q.Texts)
            {
                b.Append(CultureInfo.InvariantCulture, $"<li>{E(text)}{(name is null ? "" : $" — {E(name)}")}</li>");
            }
            b.Append("</ul>");
        }

        b.Append("<h2>เอกสารประกอบการบรรยาย</h2>");
        if (r.Handouts.Count == 0)
        {
            b.Append("<p class=\"muted\">ไม่มีเอกสารประกอบการบรรยาย</p>");
        }
        else
        {
            b.Append("<ul>");
            foreach (var h in r.Handouts)
            {
                var label = E(h.Title) + (h.Session is null ? "" : $" <span class=\"muted\">({E(h.Session)})</span>");
                b.Append(h.Link is null ? $"<li>{label}</li>" : $"<li><a href=\"{E(h.Link.AbsoluteUri)}\">{label}</a></li>");
            }
            b.Append("</ul>");
        }

        b.Append("<h2>ภาพกิจกรรม</h2>");
        if (r.Photos.Count == 0)
        {
            b.Append("<p class=\"muted\">ไม่มีภาพกิจกรรม</p>");
        }
        foreach (var photo in r.Photos)
        {
            b.Append(CultureInfo.InvariantCulture, $"<figure><img alt=\"{E(photo.Caption)}\" src=\"data:{E(photo.ContentType)};base64,{Convert.ToBase64String(photo.Content)}\"><figcaption class=\"muted\">{E(photo.Caption)}</figcaption></figure>");
        }

        b.Append("<h2>ร่างข่าวประชาสัมพันธ์</h2><div class=\"news\">");
        foreach (var para in r.NewsDraft.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            b.Append("<p>").Append(E(para.Trim())).Append("</p>");
        }
        b.Append("</div>");
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">จัดทำเมื่อ {E(ProgrammeDates.Instant(r.GeneratedAt, p.Zone, "th"))}</p>");
        return Wrap("th", $"รายงาน {p.Title}", b,
            "main{max-width:900px}figure{display:inline-block;width:48%;margin:0 1% 12px 0;vertical-align:top}figure img{width:100%;border-radius:6px}.news p{text-indent:2em}");
    }

    static void Row(StringBuilder b, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");
        }
    }

    static void Groups(StringBuilder b, string heading, IReadOnlyList<GroupCount> groups)
    {
        b.Append(CultureInfo.InvariantCulture, $"<h2>{E(heading)}</h2><table><tr><th></th><th>เชิญ</th><th>ตอบรับ</th><th>เข้าร่วม</th></tr>");
        foreach (var g in groups)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(g.Label)}</td><td>{g.Invited}</td><td>{g.Accepted}</td><td>{g.Attended}</td></tr>");
        }
        b.Append("</table>");
    }
}
