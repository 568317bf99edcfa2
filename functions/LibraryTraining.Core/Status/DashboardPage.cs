using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Status;

/// <summary>Everything the organiser dashboard shows, read in one go; a GET changes nothing.</summary>
public sealed record DashboardModel(
    ProgrammeView View,
    StatusReport Report,
    IReadOnlyList<Participant> Roster,
    IReadOnlyDictionary<string, RegistrationDetails> Details,
    DateTimeOffset? LastStatus);

/// <summary>
/// The organiser dashboard: one column on a phone, a wide roster table on a desktop. Every piece of
/// organiser- or participant-supplied text goes through <see cref="E"/>; the script carries no data,
/// it reads its addresses and phrases from data- attributes and the key from the page's own ?code=.
/// </summary>
public static class DashboardPage
{
    const string FontStack = "'Noto Sans Thai','Sarabun',Tahoma,sans-serif";

    /// <summary>The page, and the nonce its one script runs under (for the Content-Security-Policy header).</summary>
    public static (string Html, string Nonce) Render(DashboardModel model, string language, string? code)
    {
        ArgumentNullException.ThrowIfNull(model);
        var programme = model.View.Programme;
        var thai = ProgrammeDates.IsThai(language);
        var lang = thai ? "th" : "en";
        var w = DashboardWords.For(lang);
        var sw = StatusWords.For(lang);
        var report = model.Report;
        var title = thai || string.IsNullOrWhiteSpace(programme.TitleEn) ? programme.Title : programme.TitleEn;
        var id = programme.Id;
        string Href(string path, string? extra = null) => Link(path, code, extra);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"<main data-programme=\"{E(id)}\" data-phase=\"{E(model.View.Phase)}\">");
        page.Append(CultureInfo.InvariantCulture, $"<nav class=\"top\"><a href=\"{Href("/api/programmes")}\">{E(w.AllProgrammes)}</a><span class=\"lang\"><a href=\"{Href($"/api/programmes/{id}/dashboard", "lang=th")}\" lang=\"th\">ไทย</a> · <a href=\"{Href($"/api/programmes/{id}/dashboard", "lang=en")}\" lang=\"en\">English</a></span></nav>");
        page.Append("<h1>").Append(E(title)).Append("</h1>");
        page.Append("<p class=\"muted\">").Append(E(ProgrammeDates.DateRange(programme.FirstDate, programme.LastDate, lang)));
        if (!string.IsNullOrWhiteSpace(programme.Venue))
        {
            page.Append(" · ").Append(E(programme.Venue));
        }
        page.Append("</p>");

        // Where it stands: the phase in words, and the next thing the programme does by itself.
        page.Append(CultureInfo.InvariantCulture, $"<p class=\"phase\" id=\"phase\"><span class=\"badge {E(model.View.Phase)}\">{E(w.Phase(model.View.Phase, ProgrammeDates.Instant(programme.EnrolmentDeadline, programme.Zone, lang)))}</span></p>");
        if (model.View.NextStep is { } next)
        {
            var kind = Enum.GetValues<StepKind>().Cast<StepKind?>().FirstOrDefault(k => ProgrammeTimeline.Describe(k!.Value) == next.What);
            page.Append("<p class=\"next\"><b>").Append(E(sw.NextStep)).Append(":</b> ")
                .Append(E(kind is { } k ? sw.Step(k) : next.What)).Append(" · ")
                .Append(E(ProgrammeDates.Instant(next.At, programme.Zone, lang))).Append("</p>");
        }

        var c = model.View.Counts;
        page.Append("<section class=\"counts\" aria-label=\"").Append(E(sw.Numbers)).Append("\">");
        foreach (var (key, label, value) in new[]
        {
            ("invited", sw.Invited, c.Invited), ("accepted", sw.Accepted, c.Accepted), ("declined", sw.Declined, c.Declined),
            ("pending", sw.NoAnswer, c.Pending), ("waitlisted", sw.WaitingList, c.Waitlisted), ("bounced", sw.Bounced, c.Bounced),
        })
        {
            page.Append(CultureInfo.InvariantCulture, $"<div class=\"count {key}\" data-count=\"{key}\"><b>{value}</b><span>{E(label)}</span></div>");
        }
        page.Append("</section>");
        if (programme.Capacity is { } capacity)
        {
            page.Append("<p class=\"muted\">").Append(E(sw.OfCapacity(c.Accepted, capacity))).Append("</p>");
        }

        if (report.NeedsAction)
        {
            page.Append("<section class=\"actions\"><h2>").Append(E(sw.NeedsAction)).Append("</h2><ul>");
            foreach (var p in report.Bounced)
            {
                page.Append("<li>").Append(E(sw.BouncedItem(Who(p), p.Email))).Append("</li>");
            }
            foreach (var p in report.OffersExpiringSoon)
            {
                page.Append("<li>").Append(E(sw.OfferItem(Who(p), StatusComposer.Instant(p.OfferExpiresAt!.Value, programme, lang)))).Append("</li>");
            }
            foreach (var s in report.WithoutHandout)
            {
                page.Append("<li>").Append(E(sw.NoHandoutItem($"{ProgrammeDates.Date(s.Day.Date, lang)} {ProgrammeDates.Time(s.Session.Start, lang)}", s.Session.Title))).Append("</li>");
            }
            page.Append("</ul></section>");
        }

        // The reminder button: pending people only, a short note, and the 12-hour throttle said up front.
        var live = programme.CancelledAt is null && model.View.Phase is not ("completed" or "cancelled");
        page.Append("<section class=\"remind\"><h2>").Append(E(w.RemindHeading)).Append("</h2>");
        page.Append(CultureInfo.InvariantCulture,
            $"<form id=\"remind\" data-url=\"/api/programmes/{E(id)}/reminders\" data-sending=\"{E(w.Sending)}\" data-done=\"{E(w.Reminded)}\" data-none=\"{E(w.NoneReminded)}\" data-failed=\"{E(w.Failed)}\" data-nokey=\"{E(w.NeedKey)}\">");
        page.Append("<label for=\"note\">").Append(E(w.NoteLabel)).Append("</label>");
        page.Append("<textarea id=\"note\" name=\"note\" rows=\"2\" maxlength=\"1000\"></textarea>");
        page.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" id=\"send-reminder\"{(live && c.Pending > 0 ? "" : " disabled")}>{E(w.RemindButton(c.Pending))}</button>");
        page.Append("<p id=\"remind-result\" class=\"result\" role=\"status\" aria-live=\"polite\"></p>");
        page.Append("<p class=\"muted\">").Append(E(w.Throttle)).Append("</p></form></section>");

        page.Append("<section class=\"links\"><h2>").Append(E(w.Files)).Append("</h2><ul>");
        page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Href($"/api/programmes/{id}/handouts")}\">{E(sw.Handouts)}</a> <span class=\"muted\">({report.Media.Handouts})</span></li>");
        page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Href($"/api/programmes/{id}/photos")}\">{E(sw.Photos)}</a> <span class=\"muted\">({report.Media.Photos})</span></li>");
        page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Href($"/api/programmes/{id}/participants", "format=csv")}\" download>{E(w.CsvExport)}</a></li>");
        page.Append("</ul>");
        page.Append(CultureInfo.InvariantCulture,
            $"<form id=\"status-now\" data-url=\"/api/programmes/{E(id)}/status-email\" data-sending=\"{E(w.Sending)}\" data-done=\"{E(w.StatusSent)}\" data-failed=\"{E(w.Failed)}\" data-nokey=\"{E(w.NeedKey)}\">");
        page.Append("<p class=\"muted\">").Append(E(model.LastStatus is { } last
            ? w.LastStatus(StatusComposer.Instant(last, programme, lang), ProgrammeDates.Time(programme.StatusTime, lang))
            : w.NoStatusYet(ProgrammeDates.Time(programme.StatusTime, lang)))).Append("</p>");
        page.Append("<button type=\"submit\" class=\"secondary\">").Append(E(w.SendStatusNow)).Append("</button>");
        page.Append("<p class=\"result\" role=\"status\" aria-live=\"polite\"></p></form></section>");

        Roster(page, model, programme, w, sw, lang);
        Sessions(page, w.TodayAndTomorrow, report, lang);
        page.Append("</main>");
        page.Append(CultureInfo.InvariantCulture, $"<script nonce=\"{nonce}\">{Script}</script>");
        return (Wrap(page, lang, $"{w.Dashboard}: {title}"), nonce);
    }

    static void Roster(StringBuilder page, DashboardModel model, Programme programme, DashboardWords w, StatusWords sw, string lang)
    {
        var present = model.Roster.Where(p => !p.Removed)
            .OrderBy(p => Order(p.Status))
            .ThenBy(p => p.Name, StringComparer.Create(CultureInfo.GetCultureInfo("th-TH"), ignoreCase: true))
            .ToList();
        page.Append(CultureInfo.InvariantCulture, $"<section class=\"roster\"><h2>{E(w.Roster)} ({present.Count})</h2>");
        page.Append("<table><thead><tr>");
        foreach (var heading in new[] { w.Name, w.Answer, w.LastReminded, w.Details })
        {
            page.Append("<th scope=\"col\">").Append(E(heading)).Append("</th>");
        }
        page.Append("</tr></thead><tbody>");
        foreach (var p in present)
        {
            var status = WireNames.Of(p.Status);
            page.Append(CultureInfo.InvariantCulture, $"<tr data-participant=\"{E(p.Id)}\" data-status=\"{E(status)}\">");
            page.Append("<td class=\"who\"><b>").Append(E(p.Name)).Append("</b>");
            if (!string.IsNullOrWhiteSpace(p.Site))
            {
                page.Append("<br><span class=\"muted\">").Append(E(p.Site)).Append("</span>");
            }
            page.Append("<br><span class=\"muted small\">").Append(E(p.Email)).Append("</span>");
            if (p.Bounced)
            {
                page.Append(" <span class=\"tag bad\">").Append(E(sw.Bounced)).Append("</span>");
            }
            page.Append("</td>");

            page.Append(CultureInfo.InvariantCulture, $"<td data-label=\"{E(w.Answer)}\"><span class=\"tag {E(status)}\">{E(w.Status(p.Status))}</span>");
            if (p.AnsweredAt is { } answered && p.Status is not (AnswerStatus.Invited or AnswerStatus.NoAnswer))
            {
                page.Append("<br><span class=\"muted small\">").Append(E(StatusComposer.Instant(answered, programme, lang))).Append("</span>");
            }
            if (p.Status == AnswerStatus.Declined && !string.IsNullOrWhiteSpace(p.DeclineReason))
            {
                page.Append("<br><q>").Append(E(StatusReport.OfferLapsed(p) ? sw.OfferLapsed : p.DeclineReason.Trim())).Append("</q>");
            }
            if (p.Status == AnswerStatus.Offered && p.OfferExpiresAt is { } expires)
            {
                page.Append("<br><span class=\"muted small\">").Append(E(w.OfferUntil(StatusComposer.Instant(expires, programme, lang)))).Append("</span>");
            }
            page.Append("</td>");

            page.Append(CultureInfo.InvariantCulture, $"<td data-label=\"{E(w.LastReminded)}\">");
            if (p.LastRemindedAt is { } reminded)
            {
                page.Append(E(StatusComposer.Instant(reminded, programme, lang)));
            }
            page.Append("</td>");

            page.Append(CultureInfo.InvariantCulture, $"<td data-label=\"{E(w.Details)}\">");
            if (model.Details.TryGetValue(p.Id, out var d))
            {
                var parts = new List<string>();
                if (!string.IsNullOrWhiteSpace(d.Dietary)) parts.Add($"{w.Dietary}: {d.Dietary}");
                if (!string.IsNullOrWhiteSpace(d.Phone)) parts.Add($"{w.Phone}: {d.Phone}");
                if (!string.IsNullOrWhiteSpace(d.EmergencyContact)) parts.Add($"{w.Emergency}: {d.EmergencyContact}");
                if (d.Accommodation == true) parts.Add(w.NeedsRoom);
                page.Append(string.Join("<br>", parts.Select(E)));
            }
            page.Append("</td></tr>");
        }
        page.Append("</tbody></table></section>");
    }

    static void Sessions(StringBuilder page, string heading, StatusReport report, string lang)
    {
        if (report.Today.Count + report.Tomorrow.Count == 0)
        {
            return;
        }
        page.Append("<section class=\"sessions\"><h2>").Append(E(heading)).Append("</h2>");
        foreach (var group in report.Today.Concat(report.Tomorrow).GroupBy(s => s.Day.Date))
        {
            page.Append("<h3>").Append(E(ProgrammeDates.DayHeading(group.Key, lang))).Append("</h3><ul>");
            foreach (var (_, s) in group)
            {
                page.Append("<li><span class=\"time\">").Append(E(ProgrammeDates.TimeRange(s.Start, s.End, lang))).Append("</span> ").Append(E(s.Title));
                if (s.StudyVisit?.Departure is { } dep)
                {
                    page.Append("<br><span class=\"visit\">").Append(E($"{ProgrammeDates.Time(dep.Time, lang)} · {dep.Place} → {s.StudyVisit.Host}")).Append("</span>");
                }
                page.Append("</li>");
            }
            page.Append("</ul>");
        }
        page.Append("</section>");
    }

    static int Order(AnswerStatus status) => status switch
    {
        AnswerStatus.Invited or AnswerStatus.NoAnswer => 0,
        AnswerStatus.Offered => 1,
        AnswerStatus.Waitlisted => 2,
        AnswerStatus.Accepted => 3,
        _ => 4,
    };

    static string Who(Participant p) => string.IsNullOrWhiteSpace(p.Site) ? p.Name : $"{p.Name} ({p.Site})";

    /// <summary>A same-site link that keeps the organiser's ?code=, so the next page opens too.</summary>
    internal static string Link(string path, string? code, string? extra = null)
    {
        var query = new List<string>();
        if (extra is not null)
        {
            query.Add(extra);
        }
        if (!string.IsNullOrEmpty(code))
        {
            query.Add("code=" + Uri.EscapeDataString(code));
        }
        return E(query.Count == 0 ? path : $"{path}?{string.Join('&', query)}");
    }

    internal static string E(string value) => WebUtility.HtmlEncode(value);

    // The key travels as ?code= because a link from an email cannot carry a header; the script passes it on as one.
    const string Script = """
        (function(){
        var key=new URLSearchParams(location.search).get('code');
        function wire(id,body){var f=document.getElementById(id);if(!f)return;var out=f.querySelector('.result');
        f.addEventListener('submit',function(e){e.preventDefault();var b=f.querySelector('button');b.disabled=true;out.className='result';out.textContent=f.dataset.sending;
        var h={'content-type':'application/json'};if(key)h['x-functions-key']=key;
        fetch(f.dataset.url,{method:'POST',headers:h,body:JSON.stringify(body())}).then(function(r){return r.json().catch(function(){return {};}).then(function(j){
        if(r.status===401){out.textContent=f.dataset.nokey;out.className='result bad';}
        else if(r.ok){var n=j.reminded!==undefined?j.reminded:j.sent;out.textContent=(n===0&&f.dataset.none?f.dataset.none:f.dataset.done).replace('{n}',n);out.className='result ok';}
        else{out.textContent=(j.error||f.dataset.failed);out.className='result bad';}
        b.disabled=false;});}).catch(function(){out.textContent=f.dataset.failed;out.className='result bad';b.disabled=false;});});}
        wire('remind',function(){var n=document.getElementById('note').value.trim();return {audience:'pending',message:n||null};});
        wire('status-now',function(){return {};});
        })();
        """;

    static string Wrap(StringBuilder body, string language, string title) =>
        $$$"""
        <!doctype html>
        <html lang="{{{language}}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
        <title>{{{E(title)}}}</title>
        <style>
        body{margin:0;background:#f2f2f2;color:#222;font-family:{{{FontStack}}};font-size:17px;line-height:1.6}
        main{max-width:1100px;margin:0 auto;padding:12px 16px 32px;background:#fff;min-height:100vh;box-sizing:border-box}
        a{color:#1a4f8b}h1{font-size:24px;line-height:1.4;color:#1a4f8b;margin:8px 0 4px}h2{font-size:20px;color:#1a4f8b;margin:28px 0 8px}
        h3{font-size:17px;background:#eef3f9;padding:4px 10px;border-radius:6px;margin:12px 0 6px}
        .top{display:flex;justify-content:space-between;gap:8px;font-size:15px}.top a{padding:6px 0}.lang a{padding:6px}
        .muted{color:#555}.small{font-size:14px;word-break:break-all}
        .badge{display:inline-block;padding:4px 12px;border-radius:10px;background:#eef3f9;color:#1a4f8b;font-weight:bold}
        .badge.cancelled{background:#fde8e8;color:#8b1a1a}.badge.completed{background:#e3f4e6;color:#17612a}
        .next{margin:4px 0 12px}
        .counts{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin:12px 0}
        .count{background:#f6f8fb;border-radius:10px;padding:8px;text-align:center;min-width:0}.count b{display:block;font-size:26px;line-height:1.2}
        .count span{font-size:14px;color:#444}.count.accepted b{color:#17612a}.count.bounced b{color:#8b1a1a}
        @media(min-width:760px){.counts{grid-template-columns:repeat(6,1fr)}}
        .actions{background:#fff4dc;border-left:6px solid #e0a000;border-radius:6px;padding:4px 16px 8px;margin:16px 0}.actions h2{color:#7a4b00;margin-top:8px}
        .actions ul{padding-left:20px;margin:0}
        label{display:block;margin:8px 0 4px;font-size:16px}
        textarea{width:100%;box-sizing:border-box;font:inherit;padding:10px;border:1px solid #bbb;border-radius:8px}
        button{display:block;width:100%;box-sizing:border-box;margin:10px 0 0;padding:14px;font:inherit;font-size:18px;font-weight:bold;border:0;border-radius:10px;background:#1a4f8b;color:#fff;cursor:pointer}
        button[disabled]{background:#9aa9bb;cursor:default}button.secondary{background:#fff;color:#1a4f8b;border:2px solid #1a4f8b}
        @media(min-width:760px){button{width:auto;min-width:320px;padding:12px 24px}}
        .result{font-weight:bold;margin:8px 0}.result:empty{display:none}.result.ok{color:#17612a}.result.bad{color:#8b1a1a}
        .links ul{padding-left:20px}.links li{margin:4px 0}
        table{width:100%;border-collapse:collapse;font-size:16px}th{text-align:left;background:#eef3f9;padding:8px;font-size:15px}
        td{padding:8px;border-bottom:1px solid #e6e6e6;vertical-align:top}
        q{color:#444;font-style:italic}
        .tag{display:inline-block;padding:1px 8px;border-radius:6px;background:#eee;font-size:14px;font-weight:bold}
        .tag.accepted{background:#e3f4e6;color:#17612a}.tag.declined{background:#f3f3f3;color:#555}.tag.waitlisted,.tag.offered{background:#fff4dc;color:#7a4b00}
        .tag.invited,.tag.no-answer{background:#eef3f9;color:#1a4f8b}.tag.bad{background:#fde8e8;color:#8b1a1a}
        .sessions ul{list-style:none;padding:0;margin:0}.sessions li{padding:6px 0;border-bottom:1px solid #eee}.time{color:#1a4f8b;font-weight:bold}
        .visit{display:inline-block;margin-top:2px;padding:2px 8px;background:#fff4dc;border-radius:6px;font-size:15px}
        @media(max-width:759px){
          table,tbody,tr,td{display:block;width:100%;box-sizing:border-box}thead{display:none}
          tr{border:1px solid #e3e3e3;border-radius:10px;margin:0 0 10px;padding:6px 10px}
          td{border:0;padding:2px 0}td[data-label]:before{content:attr(data-label) ": ";font-size:14px;color:#666}
          td[data-label]:empty{display:none}
        }
        </style></head><body>{{{body}}}</body></html>
        """;
}

/// <summary>The dashboard's own phrases; the status email's are shared through <see cref="StatusWords"/>.</summary>
internal sealed record DashboardWords
{
    public required string Dashboard { get; init; }
    public required string AllProgrammes { get; init; }
    public required Func<string, string, string> Phase { get; init; }
    public required string RemindHeading { get; init; }
    public required string NoteLabel { get; init; }
    public required Func<int, string> RemindButton { get; init; }
    public required string Throttle { get; init; }
    public required string Sending { get; init; }
    public required string Reminded { get; init; }
    public required string NoneReminded { get; init; }
    public required string Failed { get; init; }
    public required string NeedKey { get; init; }
    public required string Files { get; init; }
    public required string CsvExport { get; init; }
    public required Func<string, string, string> LastStatus { get; init; }
    public required Func<string, string> NoStatusYet { get; init; }
    public required string SendStatusNow { get; init; }
    public required string StatusSent { get; init; }
    public required string Roster { get; init; }
    public required string Name { get; init; }
    public required string Answer { get; init; }
    public required string LastReminded { get; init; }
    public required string Details { get; init; }
    public required Func<AnswerStatus, string> Status { get; init; }
    public required Func<string, string> OfferUntil { get; init; }
    public required string Dietary { get; init; }
    public required string Phone { get; init; }
    public required string Emergency { get; init; }
    public required string NeedsRoom { get; init; }
    public required string TodayAndTomorrow { get; init; }

    public static DashboardWords For(string language) => ProgrammeDates.IsThai(language) ? Thai : English;

    public static DashboardWords Thai { get; } = new()
    {
        Dashboard = "ภาพรวมโครงการ",
        AllProgrammes = "← โครงการทั้งหมด",
        Phase = (phase, deadline) => phase switch
        {
            "inviting" => "กำลังส่งคำเชิญ",
            "enrolling" => $"เปิดรับคำตอบถึง {deadline}",
            "confirmed" => "ปิดรับคำตอบแล้ว รอเริ่มโครงการ",
            "in-progress" => "กำลังดำเนินโครงการ",
            "wrapping-up" => "กำลังสรุปโครงการ",
            "completed" => "เสร็จสิ้นแล้ว",
            "cancelled" => "ยกเลิกแล้ว",
            _ => phase,
        },
        RemindHeading = "ส่งคำเตือนถึงผู้ที่ยังไม่ตอบ",
        NoteLabel = "ข้อความสั้น ๆ ถึงผู้รับ (ไม่บังคับ)",
        RemindButton = n => $"ส่งคำเตือน ({n} คน)",
        Throttle = "แต่ละคนจะได้รับคำเตือนไม่เกิน 1 ครั้งใน 12 ชั่วโมง",
        Sending = "กำลังส่ง…",
        Reminded = "ส่งคำเตือนแล้ว {n} คน",
        NoneReminded = "ไม่ได้ส่งคำเตือน: ทุกคนที่ยังไม่ตอบได้รับคำเตือนภายใน 12 ชั่วโมงที่ผ่านมาแล้ว",
        Failed = "ส่งไม่สำเร็จ กรุณาลองอีกครั้ง",
        NeedKey = "ต้องใช้รหัสผู้จัด: เปิดหน้านี้ด้วยลิงก์ที่มี ?code=",
        Files = "เอกสาร ภาพถ่าย และรายชื่อ",
        CsvExport = "ดาวน์โหลดรายชื่อ (CSV)",
        LastStatus = (at, time) => $"ส่งสรุปสถานะประจำวันล่าสุด {at} (ส่งทุกวัน เวลา {time})",
        NoStatusYet = time => $"ยังไม่ได้ส่งสรุปสถานะประจำวัน (ส่งทุกวัน เวลา {time})",
        SendStatusNow = "ส่งสรุปสถานะทางอีเมลตอนนี้",
        StatusSent = "ส่งสรุปสถานะแล้ว {n} ฉบับ",
        Roster = "รายชื่อผู้ได้รับเชิญ",
        Name = "ชื่อ",
        Answer = "คำตอบ",
        LastReminded = "เตือนล่าสุด",
        Details = "ข้อมูลเพิ่มเติม",
        Status = s => s switch
        {
            AnswerStatus.Accepted => "ตอบรับ",
            AnswerStatus.Declined => "ปฏิเสธ",
            AnswerStatus.Waitlisted => "รายชื่อสำรอง",
            AnswerStatus.Offered => "เสนอที่นั่งแล้ว",
            AnswerStatus.Invited => "ยังไม่ตอบ",
            _ => "ยังไม่ได้เชิญ",
        },
        OfferUntil = at => $"ยืนยันได้ถึง {at}",
        Dietary = "อาหาร",
        Phone = "โทร",
        Emergency = "ฉุกเฉิน",
        NeedsRoom = "ต้องการที่พัก",
        TodayAndTomorrow = "วันนี้และพรุ่งนี้",
    };

    public static DashboardWords English { get; } = new()
    {
        Dashboard = "Dashboard",
        AllProgrammes = "← All programmes",
        Phase = (phase, deadline) => phase switch
        {
            "inviting" => "Inviting",
            "enrolling" => $"Enrolling until {deadline}",
            "confirmed" => "Enrolment closed; waiting for the first day",
            "in-progress" => "In progress",
            "wrapping-up" => "Wrapping up",
            "completed" => "Completed",
            "cancelled" => "Cancelled",
            _ => phase,
        },
        RemindHeading = "Remind those who have not answered",
        NoteLabel = "A short note to them (optional)",
        RemindButton = n => $"Send reminder ({n})",
        Throttle = "Nobody gets more than one reminder in 12 hours.",
        Sending = "Sending…",
        Reminded = "Reminder sent to {n}.",
        NoneReminded = "Nobody reminded: everyone who has not answered had a reminder in the last 12 hours.",
        Failed = "That did not work; please try again.",
        NeedKey = "The organiser key is needed: open this page with ?code= in the address.",
        Files = "Handouts, photos and the roster",
        CsvExport = "Download the roster (CSV)",
        LastStatus = (at, time) => $"Last daily status sent {at} (sent every day at {time}).",
        NoStatusYet = time => $"No daily status sent yet (sent every day at {time}).",
        SendStatusNow = "Email me the status now",
        StatusSent = "Status sent: {n} email(s).",
        Roster = "Roster",
        Name = "Name",
        Answer = "Answer",
        LastReminded = "Last reminded",
        Details = "Details",
        Status = s => s switch
        {
            AnswerStatus.Accepted => "accepted",
            AnswerStatus.Declined => "declined",
            AnswerStatus.Waitlisted => "waiting list",
            AnswerStatus.Offered => "offered a place",
            AnswerStatus.Invited => "no answer",
            _ => "not invited yet",
        },
        OfferUntil = at => $"can take it until {at}",
        Dietary = "Food",
        Phone = "Phone",
        Emergency = "Emergency",
        NeedsRoom = "needs a room",
        TodayAndTomorrow = "Today and tomorrow",
    };
}
