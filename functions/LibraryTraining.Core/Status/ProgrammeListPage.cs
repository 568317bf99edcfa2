using System.Globalization;
using System.Text;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Status;

/// <summary>GET /api/programmes for a browser: every programme with a link to its dashboard, newest first.</summary>
public static class ProgrammeListPage
{
    public static string Render(IReadOnlyList<ProgrammeSummary> programmes, string language, string? code, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        var thai = ProgrammeDates.IsThai(language);
        var lang = thai ? "th" : "en";
        var page = new StringBuilder("<main>");
        page.Append(CultureInfo.InvariantCulture, $"<nav class=\"lang\"><a href=\"{DashboardPage.Link("/api/programmes", code, "lang=th")}\" lang=\"th\">ไทย</a> · <a href=\"{DashboardPage.Link("/api/programmes", code, "lang=en")}\" lang=\"en\">English</a></nav>");
        page.Append("<h1>").Append(DashboardPage.E(thai ? "โครงการทั้งหมด" : "Programmes")).Append("</h1>");
        if (programmes.Count == 0)
        {
            page.Append("<p>").Append(DashboardPage.E(thai ? "ยังไม่มีโครงการ" : "No programmes yet.")).Append("</p>");
        }
        page.Append("<ul class=\"programmes\">");
        foreach (var p in programmes)
        {
            var first = DateOnly.TryParseExact(p.FirstDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : (DateOnly?)null;
            var last = DateOnly.TryParseExact(p.LastDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var l) ? l : (DateOnly?)null;
            var (state, label) = p.CancelledAt is not null ? ("cancelled", thai ? "ยกเลิกแล้ว" : "cancelled")
                : last is { } end && end < today ? ("finished", thai ? "จบแล้ว" : "finished")
                : ("active", thai ? "กำลังดำเนินการ" : "active");
            page.Append(CultureInfo.InvariantCulture, $"<li data-programme=\"{DashboardPage.E(p.Id)}\" class=\"{state}\">");
            page.Append(CultureInfo.InvariantCulture, $"<a href=\"{DashboardPage.Link($"/api/programmes/{Uri.EscapeDataString(p.Id)}/dashboard", code)}\">{DashboardPage.E(p.Title)}</a>");
            page.Append("<br><span class=\"muted\">");
            if (first is { } a && last is { } b)
            {
                page.Append(DashboardPage.E(ProgrammeDates.DateRange(a, b, lang))).Append(" · ");
            }
            page.Append(CultureInfo.InvariantCulture, $"<span class=\"tag {state}\">{DashboardPage.E(label)}</span></span></li>");
        }
        page.Append("</ul></main>");
        return $$"""
            <!doctype html>
            <html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
            <title>{{DashboardPage.E(thai ? "โครงการทั้งหมด" : "Programmes")}}</title>
            <style>
            body{margin:0;background:#f2f2f2;color:#222;font-family:'Noto Sans Thai','Sarabun',Tahoma,sans-serif;font-size:17px;line-height:1.6}
            main{max-width:800px;margin:0 auto;padding:12px 16px 32px;background:#fff;min-height:100vh;box-sizing:border-box}
            h1{font-size:24px;color:#1a4f8b;margin:8px 0 12px}a{color:#1a4f8b}.lang{text-align:right;font-size:15px}.lang a{padding:6px}
            .programmes{list-style:none;padding:0;margin:0}.programmes li{padding:12px 0;border-bottom:1px solid #e6e6e6}
            .programmes li>a{font-weight:bold;font-size:18px}.muted{color:#555;font-size:15px}
            .tag{display:inline-block;padding:0 8px;border-radius:6px;background:#eef3f9;color:#1a4f8b;font-size:14px}
            .tag.cancelled{background:#fde8e8;color:#8b1a1a}.tag.finished{background:#f3f3f3;color:#555}
            </style></head><body>{{page}}</body></html>
            """;
    }
}
