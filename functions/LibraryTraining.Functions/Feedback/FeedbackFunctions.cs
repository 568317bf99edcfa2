using LibraryTraining.Feedback;
using LibraryTraining.Functions.Http;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Functions.Feedback;

/// <summary>The feedback survey behind the participant's link (GET shows, POST saves), and its reminders.</summary>
public sealed class FeedbackFunctions(FeedbackService feedback, ProgrammeStore programmes, TimeProvider time, ILogger<FeedbackFunctions> logger)
{
    const int MaxFormBytes = 32 * 1024;

    [Function("ShowSurvey")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/survey")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        Page(await feedback.ViewAsync(token, cancellationToken), request, token);

    [Function("SubmitSurvey")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rsvp/{token}/survey")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength is > MaxFormBytes)
        {
            return ApiResults.Error(415, "Send the answers as a form (application/x-www-form-urlencoded).");
        }
        Dictionary<string, string> form;
        try
        {
            var read = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes, ValueCountLimit = 50 }, cancellationToken);
            form = read.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException)
        {
            return ApiResults.Error(400, "The form could not be read.");
        }
        return Page(await feedback.SubmitAsync(token, form, cancellationToken), request, token);
    }

    /// <summary>Hourly: the survey reminders that have fallen due, for programmes that ended in the last two months.</summary>
    [Function("RemindSurveys")]
    public async Task Remind([TimerTrigger("0 20 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var summary in await programmes.ListAsync(cancellationToken))
        {
            if (summary.CancelledAt is not null || !DateOnly.TryParse(summary.LastDate, System.Globalization.CultureInfo.InvariantCulture, out var last)
                || last.DayNumber < today.DayNumber - 60)
            {
                continue;
            }
            if (await programmes.FindAsync(summary.Id, cancellationToken) is { } programme)
            {
                var sent = await feedback.RemindAsync(programme, cancellationToken);
                if (sent > 0)
                {
                    logger.LogInformation("Survey reminders for {Programme}: {Sent}", programme.Id, sent);
                }
            }
        }
    }

    static ContentResult Page(SurveyView view, HttpRequest request, string token)
    {
        var (status, html) = SurveyPage.Render(view, token);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return ApiResults.Html(html, status);
    }
}
