using System.Net;
using System.Text;

namespace LibraryTraining.Attendance;

/// <summary>
/// The phone-width page frame shared by the attendance, survey, certificate and report pages. Callers
/// pass already-encoded markup; <see cref="E"/> encodes every piece of supplied text.
/// </summary>
public static class PageShell
{
    public const string FontStack = "'Sarabun','Noto Sans Thai','Loma','Garuda',Tahoma,sans-serif";

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string Wrap(string language, string title, StringBuilder body, string? extraStyle = null) =>
        $$"""
        <!doctype html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
        <title>{{E(title)}}</title>
        <style>
        body{margin:0;background:#f2f2f2;color:#222;font-family:{{FontStack}};font-size:18px;line-height:1.6}
        main{max-width:640px;margin:0 auto;padding:16px;background:#fff;min-height:100vh;box-sizing:border-box}
        h1{font-size:24px;line-height:1.4;color:#1a4f8b;margin:8px 0 12px}h2{font-size:20px;color:#1a4f8b;margin:24px 0 8px}
        .banner{padding:12px 16px;border-radius:8px;background:#eef3f9;font-weight:bold}.banner.ok{background:#e3f4e6;color:#17612a}
        .banner.warn{background:#fff4dc;color:#7a4b00}.banner.bad{background:#fde8e8;color:#8b1a1a}
        .muted{color:#555;font-size:16px}
        form{margin:0}button,.button{display:block;width:100%;box-sizing:border-box;margin:12px 0 0;padding:16px;font:inherit;font-size:20px;
          font-weight:bold;text-align:center;text-decoration:none;border:0;border-radius:10px;background:#17612a;color:#fff;cursor:pointer}
        button.small{display:inline-block;width:auto;margin:0;padding:8px 14px;font-size:16px}button.undo{background:#fff;color:#8b1a1a;border:1px solid #8b1a1a}
        ul.people{list-style:none;padding:0;margin:0}ul.people li{display:flex;justify-content:space-between;align-items:center;gap:8px;padding:10px 0;border-bottom:1px solid #eee}
        table{border-collapse:collapse;width:100%;font-size:16px}th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}
        {{extraStyle}}
        </style></head><body><main>{{body}}</main></body></html>
        """;
}
