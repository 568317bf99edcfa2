using System.Globalization;
using System.Text.RegularExpressions;
using LibraryTraining.Functions.Http;
using LibraryTraining.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Functions.Status;

/// <summary>The organisers' daily status: an hourly timer that sends each programme's at its status time, and "send it now".</summary>
public sealed partial class DailyStatusFunctions(DailyStatusService status, TimeProvider time, ILogger<DailyStatusFunctions> logger)
{
    /// <summary>Hourly by default (LIBRARYTRAINING_STATUS_SCHEDULE); each run sends only what is due and not yet sent.</summary>
    [Function("SendDailyStatus")]
    public async Task SendDue([TimerTrigger("%LIBRARYTRAINING_STATUS_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var outcome = await status.SendDueAsync(cancellationToken);
        logger.LogInformation("Daily status: {Checked} programmes checked, {Due} due, {Sent} emails handed over, {Failed} failed (past due: {PastDue})",
            outcome.ProgrammesChecked, outcome.ProgrammesDue, outcome.Sent, outcome.Failed, timer?.IsPastDue ?? false);
    }

    /// <summary>
    /// Sends today's status to the programme's organisers now. An <c>Idempotency-Key</c> header makes a
    /// retry send nothing; without one, repeats within the same minute count as one request.
    /// </summary>
    [Function("SendStatusEmail")]
    public async Task<IActionResult> SendNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/status-email")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        string? given = request.Headers["Idempotency-Key"];
        if (given is not null && !RequestId().IsMatch(given))
        {
            return ApiResults.Problems([new("Idempotency-Key", "Use 1–64 letters, digits, '-' or '_'.")]);
        }
        var requestId = given ?? "m" + time.GetUtcNow().ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        var sent = await status.SendNowAsync(id, requestId, cancellationToken);
        return sent is null
            ? ApiResults.NotFound("programme")
            : ApiResults.Json(new { id, sent = sent.Sent, organisers = sent.Recipients, requestId }, StatusCodes.Status202Accepted);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RequestId();
}
