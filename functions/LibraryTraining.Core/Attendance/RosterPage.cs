using System.Globalization;
using System.Text;
using LibraryTraining.Messaging;
using static LibraryTraining.Attendance.PageShell;

namespace LibraryTraining.Attendance;

/// <summary>
/// The organiser's roster for one session, on a phone: who is missing comes first, each with one big
/// "here" button; those present follow, with an undo. For a study visit it is the bus roll-call.
/// The buttons post; opening the page changes nothing.
/// </summary>
public static class RosterPage
{
    /// <param name="keyQuery">"?code=…" when the organiser came with the key in the address, so the forms keep it; else "".</param>
    public static string Render(SessionRoster roster, string keyQuery)
    {
        var (programme, day, session) = (roster.Programme, roster.Day, roster.Session);
        var bus = session.StudyVisit?.Departure;
        var body = new StringBuilder();
        var action = $"/api/programmes/{programme.Id}/sessions/{session.Id}/checkins{keyQuery}";
        body.Append(CultureInfo.InvariantCulture, $"<h1>{E(bus is null ? "เช็กชื่อ" : "เช็กชื่อขึ้นรถ")}: {E(session.Title)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(ProgrammeDates.DayHeading(day.Date, "th"))} · {E(ProgrammeDates.TimeRange(session.Start, session.End, "th"))}");
        if (bus is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<br>รถออก {E(ProgrammeDates.Time(bus.Time, "th"))} · {E(bus.Place)}");
        }
        body.Append("</p>");
        var missing = roster.Missing.ToList();
        body.Append(CultureInfo.InvariantCulture,
            $"<p class=\"banner {(missing.Count == 0 ? "ok" : "warn")}\" role=\"status\" data-present=\"{roster.Present}\" data-missing=\"{missing.Count}\">มาแล้ว {roster.Present} จาก {roster.Lines.Count} คน · ยังไม่มา {missing.Count} คน</p>");
        if (missing.Count > 0)
        {
            body.Append("<h2>ยังไม่มา</h2><ul class=\"people missing\">");
            foreach (var line in missing)
            {
                Person(body, line, action, present: true, programme.Zone);
            }
            body.Append("</ul>");
        }
        body.Append("<h2>มาแล้ว</h2><ul class=\"people present\">");
        foreach (var line in roster.Lines.Where(l => l.CheckIn is not null).OrderByDescending(l => l.CheckIn!.At))
        {
            Person(body, line, action, present: false, programme.Zone);
        }
        body.Append("</ul>");
        return Wrap("th", $"เช็กชื่อ: {session.Title}", body);
    }

    static void Person(StringBuilder body, RosterLine line, string action, bool present, TimeZoneInfo zone)
    {
        var p = line.Participant;
        body.Append(CultureInfo.InvariantCulture, $"<li id=\"p-{E(p.Id)}\"><span><strong>{E(p.Name)}</strong><br><span class=\"muted\">{E(p.Site)}");
        if (line.CheckIn is { } c)
        {
            body.Append(CultureInfo.InvariantCulture, $" · {TimeZoneInfo.ConvertTime(c.At, zone):HH:mm} {(c.Source == CheckInSource.Self ? "(สแกนเอง)" : "")}");
        }
        body.Append("</span></span>");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(action)}\"><input type=\"hidden\" name=\"participant\" value=\"{E(p.Id)}\"><input type=\"hidden\" name=\"present\" value=\"{(present ? "yes" : "no")}\">");
        body.Append(present ? "<button class=\"small\" type=\"submit\">มาแล้ว ✓</button>" : "<button class=\"small undo\" type=\"submit\">ยกเลิก</button>");
        body.Append("</form></li>");
    }
}
