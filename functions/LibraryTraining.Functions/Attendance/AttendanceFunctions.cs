using System.Globalization;
using System.Text;
using LibraryTraining.Attendance;
using LibraryTraining.Functions.Http;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Attendance;

/// <summary>
/// Check-in. Organisers: the session list, a roster per session (the bus roll-call for a study visit), the
/// venue QR code. Participants: the venue code opens their own check-in page, whose button records it.
/// Every GET only shows; check-ins are POSTs.
/// </summary>
public sealed class AttendanceFunctions(AttendanceService attendance, ProgrammeStore programmes, SessionCodes codes, PublicLinks publicLinks)
{
    /// <summary>Remembers the participant's link on their phone, so the venue code knows who scanned it.</summary>
    public const string LinkCookie = "lt-link";
    const int MaxFormBytes = 4 * 1024;

    [Function("ShowAttendance")]
    public async Task<IActionResult> Sessions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/attendance")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || await programmes.FindAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        var key = KeyQuery(request);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1>การเข้าร่วม: {PageShell.E(programme.Title)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/api/programmes/{id}/attendance.csv{PageShell.E(key)}\">ดาวน์โหลด CSV</a></p><table>");
        foreach (var day in programme.Days)
        {
            foreach (var s in day.Sessions.Where(CheckInWindow.Counts))
            {
                var roster = await attendance.RosterAsync(id, s.Id, cancellationToken);
                body.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{PageShell.E(ProgrammeDates.Date(day.Date, "th"))} {PageShell.E(ProgrammeDates.Time(s.Start, "th"))}<br>{PageShell.E(s.Title)}</td><td>{roster!.Present}/{roster.Lines.Count}</td>" +
                    $"<td><a href=\"/api/programmes/{id}/sessions/{s.Id}/roster{PageShell.E(key)}\">{(s.StudyVisit?.Departure is null ? "เช็กชื่อ" : "เช็กชื่อขึ้นรถ")}</a> · <a href=\"/api/programmes/{id}/sessions/{s.Id}/qr{PageShell.E(key)}\">QR</a></td></tr>");
            }
        }
        body.Append("</table>");
        return ApiResults.Html(PageShell.Wrap("th", "การเข้าร่วม", body));
    }

    [Function("ShowSessionRoster")]
    public async Task<IActionResult> Roster(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/sessions/{sessionId}/roster")] HttpRequest request,
        string id,
        string sessionId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(sessionId) || await attendance.RosterAsync(id, sessionId, cancellationToken) is not { } roster)
        {
            return ApiResults.NotFound("session");
        }
        if (string.Equals(request.Query["format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Json(new
            {
                session = sessionId,
                present = roster.Present,
                expected = roster.Lines.Count,
                missing = roster.Missing.Select(l => new { id = l.Participant.Id, name = l.Participant.Name, site = l.Participant.Site }),
            });
        }
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return ApiResults.Html(RosterPage.Render(roster, KeyQuery(request)));
    }

    [Function("TickAttendance")]
    public async Task<IActionResult> Tick(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/sessions/{sessionId}/checkins")] HttpRequest request,
        string id,
        string sessionId,
        CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken);
        if (form is null)
        {
            return ApiResults.Error(415, "Send a form (application/x-www-form-urlencoded) with participant and present=yes|no.");
        }
        var participant = form.GetValueOrDefault("participant");
        var present = form.GetValueOrDefault("present") is not ("no" or "false");
        if (!RequestReader.IsId(id) || !RequestReader.IsId(sessionId) || !RequestReader.IsId(participant)
            || await attendance.TickAsync(id, sessionId, participant!, present, cancellationToken) is null)
        {
            return ApiResults.NotFound("participant or session");
        }
        // Post/redirect/get: the organiser lands back on the roster, and a reload does not post again.
        request.HttpContext.Response.Headers.Location = $"/api/programmes/{id}/sessions/{sessionId}/roster{KeyQuery(request)}";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    [Function("ShowSessionQr")]
    public async Task<IActionResult> Qr(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/sessions/{sessionId}/qr")] HttpRequest request,
        string id,
        string sessionId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(sessionId) || await programmes.FindAsync(id, cancellationToken) is not { } programme
            || CheckInWindow.Find(programme, sessionId) is not { } found)
        {
            return ApiResults.NotFound("session");
        }
        var target = this.VenueLink(id, sessionId);
        var (opens, closes) = CheckInWindow.For(programme, found.Day, found.Session);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1>สแกนเพื่อเช็กอิน</h1><p>{PageShell.E(found.Session.Title)}</p><div style=\"max-width:480px;margin:auto\">{SessionCodes.Svg(target)}</div>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">เช็กอินได้ {PageShell.E(ProgrammeDates.Instant(opens, programme.Zone, "th"))} – {PageShell.E(ProgrammeDates.Time(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(closes, programme.Zone).DateTime), "th"))}</p>");
        return ApiResults.Html(PageShell.Wrap("th", "QR เช็กอิน", body));
    }

    [Function("ScanSessionCode")]
    public IActionResult Scan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "checkin/{id}/{sessionId}/{code}")] HttpRequest request,
        string id,
        string sessionId,
        string code)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (!RequestReader.IsId(id) || !RequestReader.IsId(sessionId) || !codes.IsValid(id, sessionId, code))
        {
            return ApiResults.Html(PageShell.Wrap("th", "Check in", new StringBuilder("<h1>คิวอาร์โค้ดนี้ไม่ถูกต้อง</h1><p lang=\"en\">This code is not valid.</p>")), 404);
        }
        if (request.Cookies[LinkCookie] is not { Length: 43 } token)
        {
            return ApiResults.Html(SelfCheckInPage.NoPersonalLink());
        }
        request.HttpContext.Response.Headers.Location = $"/api/rsvp/{token}/checkin/{sessionId}?code={Uri.EscapeDataString(code)}";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    [Function("ShowCheckIn")]
    public async Task<IActionResult> ShowCheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/checkin/{sessionId}")] HttpRequest request,
        string token,
        string sessionId,
        CancellationToken cancellationToken)
    {
        string? code = request.Query["code"];
        var view = await attendance.ViewAsync(token, sessionId, code, cancellationToken);
        return Page(view, request, token, code);
    }

    [Function("RecordCheckIn")]
    public async Task<IActionResult> RecordCheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rsvp/{token}/checkin/{sessionId}")] HttpRequest request,
        string token,
        string sessionId,
        CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken);
        var code = form?.GetValueOrDefault("code") ?? request.Query["code"];
        var view = await attendance.CheckInAsync(token, sessionId, code, cancellationToken);
        return Page(view, request, token, code);
    }

    static ContentResult Page(SelfCheckInView view, HttpRequest request, string token, string? code)
    {
        var (status, html) = SelfCheckInPage.Render(view, token, code);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (view.Link == LibraryTraining.Enrolment.LinkState.Valid)
        {
            RememberLink(request, token);
        }
        return ApiResults.Html(html, status);
    }

    /// <summary>Sets the cookie the venue code reads; only /api/checkin ever receives it.</summary>
    public static void RememberLink(HttpRequest request, string token) =>
        request.HttpContext.Response.Cookies.Append(LinkCookie, token, new CookieOptions
        {
            Path = "/api/checkin",
            HttpOnly = true,
            Secure = request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(60),
        });

    Uri VenueLink(string programmeId, string sessionId) =>
        new(publicLinks.BaseUrl, $"api/checkin/{programmeId}/{sessionId}/{codes.CodeFor(programmeId, sessionId)}");

    /// <summary>"?code=…" when the organiser's key came in the address, so links and forms on the page keep working.</summary>
    static string KeyQuery(HttpRequest request) =>
        request.Query["code"] is { Count: > 0 } key ? "?code=" + Uri.EscapeDataString(key.ToString()) : "";

    static async Task<Dictionary<string, string>?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength is > MaxFormBytes)
        {
            return null;
        }
        try
        {
            var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes, ValueCountLimit = 10 }, cancellationToken);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
