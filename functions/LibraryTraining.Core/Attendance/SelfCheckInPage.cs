using System.Globalization;
using System.Text;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using static LibraryTraining.Attendance.PageShell;

namespace LibraryTraining.Attendance;

/// <summary>
/// The participant's check-in page, reached by scanning the session's QR code at the venue. Opening it
/// records nothing (mail scanners and link previews open pages too); the big button posts the check-in.
/// </summary>
public static class SelfCheckInPage
{
    public static (int Status, string Html) Render(SelfCheckInView view, string token, string? code)
    {
        var body = new StringBuilder();
        if (view.Link != LinkState.Valid)
        {
            body.Append("<h1>ไม่พบลิงก์นี้ หรือลิงก์หมดอายุแล้ว</h1><p lang=\"en\">This link is unknown or no longer valid. Please use the latest email from the organisers.</p>");
            return (view.Link == LinkState.Unknown ? 404 : 410, Wrap("th", "เช็กอิน / Check in", body));
        }
        var thai = ProgrammeDates.IsThai(view.Participant!.Language);
        var lang = thai ? "th" : "en";
        var programme = view.Programme!;
        if (view.Session is null)
        {
            body.Append(thai ? "<h1>ไม่พบช่วงกิจกรรมนี้</h1>" : "<h1>There is no such session</h1>");
            return (404, Wrap(lang, "Check in", body));
        }
        var (day, session) = (view.Day!, view.Session);
        body.Append(CultureInfo.InvariantCulture, $"<h1>{E(session.Title)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(ProgrammeDates.DayHeading(day.Date, lang))} · {E(ProgrammeDates.TimeRange(session.Start, session.End, lang))}</p>");
        body.Append(CultureInfo.InvariantCulture, $"<p>{E(view.Participant.Name)}</p>");
        var (opens, closes) = CheckInWindow.For(programme, day, session);
        string When(DateTimeOffset at) => ProgrammeDates.Instant(at, programme.Zone, lang);
        var status = 200;
        if (view.CheckIn is { } done)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner ok\" role=\"status\" data-checked-in=\"true\">{E(thai ? $"เช็กอินแล้ว เวลา {When(done.At)}" : $"Checked in at {When(done.At)}")}</p>");
        }
        else
        {
            switch (view.Refusal)
            {
                case CheckInRefusal.None:
                    body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/api/rsvp/{Uri.EscapeDataString(token)}/checkin/{E(session.Id)}\"><input type=\"hidden\" name=\"code\" value=\"{E(code)}\"><button type=\"submit\">{E(thai ? "เช็กอิน" : "Check in")}</button></form>");
                    break;
                case CheckInRefusal.TooEarly:
                    status = 409;
                    Refused(body, thai ? $"ยังไม่ถึงเวลาเช็กอิน เปิดให้เช็กอินตั้งแต่ {When(opens)}" : $"Check-in opens at {When(opens)}.");
                    break;
                case CheckInRefusal.TooLate:
                    status = 409;
                    Refused(body, thai ? $"หมดเวลาเช็กอินแล้ว (ปิดเมื่อ {When(closes)}) กรุณาแจ้งเจ้าหน้าที่" : $"Check-in closed at {When(closes)}. Please see the organisers.");
                    break;
                case CheckInRefusal.NotAttending:
                    status = 409;
                    Refused(body, thai ? "ท่านไม่มีรายชื่อในโครงการนี้ กรุณาแจ้งเจ้าหน้าที่" : "You do not hold a place on this programme. Please see the organisers.");
                    break;
                default:
                    status = 403;
                    Refused(body, thai ? "กรุณาสแกนคิวอาร์โค้ดที่จุดลงทะเบียนของกิจกรรมนี้" : "Please scan the QR code shown at this session's venue.");
                    break;
            }
        }
        return (status, Wrap(lang, thai ? "เช็กอิน" : "Check in", body));
    }

    static void Refused(StringBuilder body, string message) =>
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner bad\" role=\"alert\" data-checked-in=\"false\">{E(message)}</p>");

    /// <summary>The venue QR opened on a phone that never opened its personal link: say how to fix it.</summary>
    public static string NoPersonalLink()
    {
        var body = new StringBuilder();
        body.Append("<h1>เปิดลิงก์ส่วนตัวของท่านก่อน</h1><p>กรุณาเปิดลิงก์ในอีเมลจากผู้จัดโครงการ (ปุ่มในอีเมลเชิญหรืออีเมลแจ้งรายละเอียดประจำวัน) บนโทรศัพท์เครื่องนี้หนึ่งครั้ง แล้วสแกนคิวอาร์โค้ดอีกครั้ง</p>");
        body.Append("<p lang=\"en\" class=\"muted\">Open the link in the organisers' email once on this phone, then scan the code again.</p>");
        return Wrap("th", "เช็กอิน / Check in", body);
    }
}
