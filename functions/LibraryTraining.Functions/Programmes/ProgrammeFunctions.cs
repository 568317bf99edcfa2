using LibraryTraining.Functions.Http;
using LibraryTraining.Functions.Status;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Functions.Programmes;

/// <summary>Organisers' programme endpoints. Each one parses, calls the programme service, and shapes the answer.</summary>
public sealed class ProgrammeFunctions(ProgrammeService programmes, ProgrammeStore store, MailReadiness mail)
{
    [Function("CreateProgramme")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        // A programme is mail from its first step: refuse it now rather than let its invitations retry for an hour.
        if (mail.Problem is { } problem)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, problem);
        }
        var body = await RequestReader.JsonAsync<ProgrammeRequest>(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }
        var created = await programmes.CreateAsync(body.Value!, durable, cancellationToken);
        if (created.Programme is not { } programme)
        {
            return ApiResults.Problems(created.Problems);
        }
        request.HttpContext.Response.Headers.Location = $"/api/programmes/{programme.Id}";
        return ApiResults.Json(new { id = programme.Id, phase = "inviting" }, StatusCodes.Status201Created);
    }

    [Function("GetProgramme")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var view = await programmes.ViewAsync(id, durable, cancellationToken);
        return view is null ? ApiResults.NotFound("programme") : ApiResults.Json(ProgrammeJson.Of(view));
    }

    [Function("ListProgrammes")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var list = await store.ListAsync(cancellationToken);
        if (StatusPages.WantsHtml(request))
        {
            return StatusPages.ProgrammeList(request, list);
        }
        return ApiResults.Json(list.Select(p => new
        {
            id = p.Id,
            title = p.Title,
            firstDate = p.FirstDate,
            lastDate = p.LastDate,
            createdAt = p.CreatedAt,
            cancelled = p.CancelledAt is not null,
            href = $"/api/programmes/{p.Id}",
        }));
    }

    [Function("CancelProgramme")]
    public async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/cancel")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var body = await RequestReader.JsonAsync<CancelRequest>(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }
        if (string.IsNullOrWhiteSpace(body.Value!.Reason) || body.Value.Reason.Length > 500)
        {
            return ApiResults.Problems([new Problem("reason", "Say in a sentence (up to 500 characters) why the programme is cancelled; everyone invited is told.")]);
        }
        var programme = await programmes.CancelAsync(id, body.Value.Reason.Trim(), durable, cancellationToken);
        return programme is null
            ? ApiResults.NotFound("programme")
            : ApiResults.Json(new { id, phase = "cancelled", reason = programme.CancellationReason }, StatusCodes.Status202Accepted);
    }

    [Function("ChangeSchedule")]
    public async Task<IActionResult> ChangeSchedule(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "programmes/{id}/schedule")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var body = await RequestReader.JsonAsync<ScheduleRequest>(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }
        var (programme, problems) = await programmes.ChangeScheduleAsync(id, body.Value!.Days, durable, cancellationToken);
        if (programme is null)
        {
            return ApiResults.NotFound("programme");
        }
        return problems.Count > 0
            ? ApiResults.Problems(problems, problems[0].Field == "id" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest)
            : ApiResults.Json(new { id, scheduleRevision = programme.ScheduleRevision }, StatusCodes.Status202Accepted);
    }
}

public sealed record CancelRequest(string? Reason);

public sealed record ScheduleRequest(List<DayRequest>? Days);
