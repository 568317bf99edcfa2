using LibraryTraining.Functions.Http;
using LibraryTraining.Messaging;
using LibraryTraining.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Functions.Status;

/// <summary>The organiser dashboard, an HTML page; reading it changes nothing.</summary>
public sealed class DashboardFunctions(DashboardService dashboards)
{
    [Function("ProgrammeDashboard")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/dashboard")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var model = await dashboards.LoadAsync(id, durable, cancellationToken);
        if (model is null)
        {
            return ApiResults.NotFound("programme");
        }
        var programme = model.View.Programme;
        var language = StatusPages.LanguageOf(request, programme.Organisers.Count > 0 ? programme.Organisers[0].Language : programme.Language);
        var (html, nonce) = DashboardPage.Render(model, language, request.Query["code"]);
        StatusPages.Protect(request.HttpContext.Response, nonce);
        return ApiResults.Html(html);
    }
}

/// <summary>What the organiser pages share: the language to show, content negotiation, and response headers.</summary>
public static class StatusPages
{
    /// <summary>?lang= first, then the language the organiser reads in.</summary>
    public static string LanguageOf(HttpRequest request, string fallback)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? asked = request.Query["lang"];
        return asked is "th" or "en" ? asked : fallback;
    }

    /// <summary>A browser asks for text/html; API clients (curl's */*, HttpClient's nothing) keep getting JSON.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The key may sit in the address (?code=): never cached, never sent on as a referrer. Only our one
    /// script may run, and it may only call back to this site.
    /// </summary>
    public static void Protect(HttpResponse response, string? scriptNonce)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
            + (scriptNonce is null ? "" : $"; script-src 'nonce-{scriptNonce}'");
    }

    /// <summary>GET /api/programmes as a page, for organisers who run several programmes.</summary>
    public static IActionResult ProgrammeList(HttpRequest request, IReadOnlyList<LibraryTraining.Programmes.ProgrammeSummary> programmes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageOf(request, request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "th");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        request.HttpContext.Response.Headers.Vary = "Accept";
        Protect(request.HttpContext.Response, null);
        return ApiResults.Html(ProgrammeListPage.Render(programmes, ProgrammeDates.IsThai(language) ? "th" : "en", request.Query["code"], today));
    }
}
