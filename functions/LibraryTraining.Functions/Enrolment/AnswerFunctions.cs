using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Enrolment;

/// <summary>
/// The participant's answer page, behind their personal link. GET only shows (mail scanners open
/// every link); POST records. Anonymous: the unguessable token is the credential.
/// </summary>
public sealed class AnswerFunctions(AnswerService answers, LibraryTraining.Media.ParticipantMedia media)
{
    const int MaxFormBytes = 16 * 1024;

    [Function("ShowAnswerPage")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var view = await answers.ViewAsync(token, cancellationToken);
        // Handouts and the photo gallery, for someone with a place (empty for anyone else).
        string? lang = request.Query["lang"];
        var mediaSection = await media.AnswerPageSectionAsync(view, lang is "th" or "en" ? lang : null, token, cancellationToken);
        return Page(view, request, token, mediaSection);
    }

    [Function("RecordAnswer")]
    public async Task<IActionResult> Answer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rsvp/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken);
        if (form is null)
        {
            return PlainError(415, "Send the answer as a form (application/x-www-form-urlencoded) with decision=accept or decision=decline.");
        }
        Decision decision;
        switch (form.GetValueOrDefault("decision")?.Trim().ToLowerInvariant())
        {
            case "accept":
                decision = Decision.Accept;
                break;
            case "decline":
                decision = Decision.Decline;
                break;
            default:
                return PlainError(400, "decision must be 'accept' or 'decline'. / กรุณาเลือกตอบรับหรือปฏิเสธ");
        }
        var reason = form.GetValueOrDefault("reason");
        if (reason is { Length: > 500 })
        {
            return PlainError(400, "Keep the reason under 500 characters. / กรุณาเขียนเหตุผลไม่เกิน 500 ตัวอักษร");
        }
        var view = await answers.AnswerAsync(token, decision, reason, cancellationToken);
        var page = Page(view, request, token);
        // An answer that came too late is shown, not recorded: 409 says so to scripts as well.
        return view.Refusal == AnswerRefusal.Closed ? ApiResults.Html(page.Content!, StatusCodes.Status409Conflict) : page;
    }

    [Function("SaveRegistrationDetails")]
    public async Task<IActionResult> SaveDetails(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rsvp/{token}/details")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken);
        if (form is null)
        {
            return PlainError(415, "Send the details as a form (application/x-www-form-urlencoded).");
        }
        var details = new RegistrationDetails(form.GetValueOrDefault("dietary"), form.GetValueOrDefault("phone"),
            form.GetValueOrDefault("emergencyContact"), form.GetValueOrDefault("accommodation") is { } room ? room is "yes" or "on" or "true" : false);
        var view = await answers.SaveDetailsAsync(token, details, cancellationToken);
        var page = Page(view, request, token);
        return view.Problems is { Count: > 0 } ? ApiResults.Html(page.Content!, StatusCodes.Status400BadRequest) : page;
    }

    [Function("DownloadProgrammeCalendar")]
    public async Task<IActionResult> Calendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/calendar.ics")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        var (link, calendar) = await answers.CalendarAsync(token, cancellationToken);
        if (calendar is null)
        {
            return Page(new AnswerView(link), request, token);
        }
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{ProgrammeCalendar.FileName}\"";
        return new ContentResult { StatusCode = 200, ContentType = ProgrammeCalendar.ContentType, Content = calendar };
    }

    static ContentResult Page(AnswerView view, HttpRequest request, string token, string? mediaSection = null)
    {
        string? lang = request.Query["lang"];
        var (status, html) = AnswerPage.Render(view, lang is "th" or "en" ? lang : null, token, mediaSection);
        // Personal pages: never cached by a shared proxy, never shown to another person.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (view.Link == LinkState.Valid)
        {
            // So the venue's check-in QR code, scanned later on this phone, knows whose page to open.
            Attendance.AttendanceFunctions.RememberLink(request, token);
        }
        return ApiResults.Html(html, status);
    }

    static ContentResult PlainError(int status, string message) =>
        ApiResults.Html($"<!doctype html><html lang=\"th\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><body style=\"font-family:'Noto Sans Thai','Sarabun',Tahoma,sans-serif;font-size:18px;padding:16px\"><p>{System.Net.WebUtility.HtmlEncode(message)}</p></body></html>", status);

    static async Task<Dictionary<string, string>?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength is > MaxFormBytes)
        {
            return null;
        }
        try
        {
            var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes, ValueCountLimit = 20 }, cancellationToken);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
