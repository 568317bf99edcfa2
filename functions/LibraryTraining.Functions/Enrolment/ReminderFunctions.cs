using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Http;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Enrolment;

public sealed record ReminderRequest(string? Audience, string? Message, bool? Force);

/// <summary>The organiser's "send reminder" button.</summary>
public sealed class ReminderFunctions(ReminderService reminders)
{
    [Function("SendReminders")]
    public async Task<IActionResult> Send(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/reminders")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var body = await RequestReader.JsonAsync<ReminderRequest>(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }
        var problems = new List<Problem>();
        if (!WireNames.TryParse<ReminderAudience>(body.Value!.Audience ?? "pending", out var audience))
        {
            problems.Add(new("audience", $"audience must be one of {WireNames.Choices<ReminderAudience>()}."));
        }
        if (body.Value.Message is { Length: > 1000 })
        {
            problems.Add(new("message", "Keep the note under 1000 characters."));
        }
        if (problems.Count > 0)
        {
            return ApiResults.Problems(problems);
        }
        var count = await reminders.RemindAsync(id, audience, body.Value.Message, body.Value.Force ?? false, cancellationToken);
        return count is null
            ? ApiResults.NotFound("programme")
            : ApiResults.Json(new { audience = WireNames.Of(audience), reminded = count, count }, StatusCodes.Status202Accepted);
    }
}
