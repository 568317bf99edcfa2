using System.Net;
using System.Text;
using LibraryTraining.Functions.Http;
using LibraryTraining.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Dev;

/// <summary>
/// The local outbox: every email the local runner "sent". It answers only when mail goes to the
/// outbox (the local runner), never in a SendGrid deployment.
/// </summary>
public sealed class OutboxFunctions(IMailSender sender, OutboxMailSender outbox)
{
    [Function("DevOutbox")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dev/outbox")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (sender is not OutboxMailSender)
        {
            return ApiResults.Error(404, "The outbox exists only when mail is kept locally (LIBRARYTRAINING_MAIL_MODE=outbox).");
        }
        string? programme = request.Query["programme"];
        if (programme is not null && !RequestReader.IsId(programme))
        {
            return ApiResults.Error(400, "programme must be a programme id.");
        }
        return ApiResults.Json(await outbox.ReadAsync(programme, cancellationToken));
    }

    [Function("DevOutboxViewer")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dev/outbox/view")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (sender is not OutboxMailSender)
        {
            return ApiResults.Error(404, "The outbox exists only when mail is kept locally (LIBRARYTRAINING_MAIL_MODE=outbox).");
        }
        var entries = await outbox.ReadAsync(null, cancellationToken);
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Outbox</title><style>body{font-family:'Noto Sans Thai','Sarabun',Tahoma,sans-serif;margin:0;padding:12px;background:#f4f4f4}
            details{background:#fff;margin:8px 0;padding:8px 12px;border-radius:6px}summary{cursor:pointer;font-size:16px}
            iframe{width:100%;height:70vh;border:1px solid #ddd;background:#fff}.meta{color:#555;font-size:14px;overflow-wrap:anywhere}
            .repeat{border-left:6px solid #b00020}.repeat strong{color:#b00020}</style></head><body>
            """);
        var repeats = entries.Count(e => e.Repeat);
        html.Append(CultureInfoInvariant($"<h1>Outbox</h1><p class=\"meta\">{entries.Count} emails stored, newest last; {repeats} repeat(s) of a key already sent.</p>"));
        foreach (var e in entries)
        {
            html.Append(e.Repeat ? "<details class=\"repeat\"><summary><strong>REPEAT</strong> " : "<details><summary>")
                .Append(WebUtility.HtmlEncode($"{e.Kind} → {e.To}: {e.Subject}"))
                .Append("</summary><p class=\"meta\">")
                .Append(WebUtility.HtmlEncode($"{e.SentAt:yyyy-MM-dd HH:mm:ss}Z · {e.Attachments.Count} attachment(s) · key {e.Key}"))
                .Append("</p><iframe sandbox srcdoc=\"")
                .Append(WebUtility.HtmlEncode(e.Html))
                .Append("\"></iframe></details>");
        }
        html.Append("</body></html>");
        return ApiResults.Html(html.ToString());
    }

    static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
