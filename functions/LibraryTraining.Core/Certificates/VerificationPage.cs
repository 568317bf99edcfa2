using System.Globalization;
using System.Text;
using LibraryTraining.Messaging;
using static LibraryTraining.Attendance.PageShell;

namespace LibraryTraining.Certificates;

/// <summary>What anyone scanning a certificate's QR code sees: genuine, with what it certifies, or not found.</summary>
public static class VerificationPage
{
    public static (int Status, string Html) Render(Certificate? c)
    {
        var body = new StringBuilder();
        if (c is null)
        {
            body.Append("<h1>ไม่พบเกียรติบัตรนี้</h1><p class=\"banner bad\" role=\"alert\" data-genuine=\"false\">ไม่มีเกียรติบัตรเลขที่นี้ในระบบ เกียรติบัตรนี้อาจไม่ใช่ฉบับจริง</p>");
            body.Append("<p lang=\"en\" class=\"muted\">No certificate with this number was issued: it is not genuine, or the address was mistyped.</p>");
            return (404, Wrap("th", "ตรวจสอบเกียรติบัตร / Verify a certificate", body));
        }
        body.Append("<h1>ตรวจสอบเกียรติบัตร</h1><p class=\"banner ok\" role=\"status\" data-genuine=\"true\">เกียรติบัตรฉบับนี้ออกโดยระบบจริง / This certificate is genuine</p><table>");
        foreach (var (label, value) in new[]
        {
            ("ชื่อ / Name", c.Name),
            ("หน่วยงาน / Site", c.Site ?? "–"),
            ("โครงการ / Programme", c.ProgrammeTitle),
            ("วันที่ / Dates", ProgrammeDates.DateRange(c.FirstDate, c.LastDate, "th")),
            ("ผู้จัด / Organiser", c.Organiser),
            ("การเข้าร่วม / Attendance", $"{c.Attended} / {c.Counted}"),
            ("เลขที่ / Number", c.Id),
        })
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");
        }
        body.Append("</table>");
        return (200, Wrap("th", "ตรวจสอบเกียรติบัตร / Verify a certificate", body));
    }
}
