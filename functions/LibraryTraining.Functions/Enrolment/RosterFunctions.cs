using System.Text.RegularExpressions;
using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Http;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Functions.Enrolment;

public sealed record AddParticipantsRequest(List<ParticipantRequest>? Participants);

/// <summary>The organiser's roster endpoints: list (JSON or CSV), add, import a CSV and follow it, remove, reissue a link.</summary>
public sealed partial class RosterFunctions(RosterService roster)
{
    [Function("ListParticipants")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/participants")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var entries = await roster.ListAsync(id, cancellationToken);
        if (entries is null)
        {
            return ApiResults.NotFound("programme");
        }
        var wantsCsv = string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
            || request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        if (wantsCsv)
        {
            request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"participants-{id}.csv\"";
            return new FileContentResult(RosterCsv.Write(entries), "text/csv; charset=utf-8");
        }
        return ApiResults.Json(entries.Select(e => new { id = e.Id, name = e.Name, email = e.Email, role = e.Role, site = e.Site, language = e.Language, status = e.Status }));
    }

    [Function("AddParticipants")]
    public async Task<IActionResult> Add(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/participants")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        if (ImportId(request) is not { } importId)
        {
            return ApiResults.Problems([BadKey]);
        }
        var body = await RequestReader.JsonAsync<AddParticipantsRequest>(request, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }
        return Answer(request, id, await roster.AddAsync(id, body.Value!.Participants ?? [], "participants", importId, durable, cancellationToken));
    }

    [Function("ImportParticipants")]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/participants/import")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        if (ImportId(request) is not { } importId)
        {
            return ApiResults.Problems([BadKey]);
        }
        if (request.ContentLength is > RosterCsv.MaxBytes)
        {
            return ApiResults.Error(413, $"The file is larger than {RosterCsv.MaxBytes / 1024 / 1024} MiB.");
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > RosterCsv.MaxBytes)
        {
            return ApiResults.Error(413, $"The file is larger than {RosterCsv.MaxBytes / 1024 / 1024} MiB.");
        }
        var (rows, problems) = RosterCsv.Read(RosterCsv.Decode(buffer.ToArray()));
        if (problems.Count > 0)
        {
            return ApiResults.Problems(problems);
        }
        var added = await roster.AddAsync(id, rows, "rows", importId, durable, cancellationToken);
        // Spreadsheet users think in lines: rows[0] is line 2, under the header.
        return Answer(request, id, added with { Problems = added.Problems.Select(p => p with { Field = LineOf(p.Field) }).ToList() });
    }

    [Function("GetRosterImport")]
    public async Task<IActionResult> GetImport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/imports/{importId}")] HttpRequest request,
        string id,
        string importId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !ImportIdShape().IsMatch(importId))
        {
            return ApiResults.NotFound("import");
        }
        var import = await roster.ImportAsync(id, importId, durable, cancellationToken);
        return import is null
            ? ApiResults.NotFound("import")
            : ApiResults.Json(new { id = import.ImportId, programmeId = id, state = import.State, total = import.Total, invited = import.Invited });
    }

    [Function("RemoveParticipant")]
    public async Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "programmes/{id}/participants/{participantId}")] HttpRequest request,
        string id,
        string participantId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(participantId))
        {
            return ApiResults.NotFound("participant");
        }
        return await roster.RemoveAsync(id, participantId, cancellationToken) is null
            ? ApiResults.NotFound("participant")
            : ApiResults.Json(new { id = participantId, removed = true });
    }

    [Function("ReissueParticipantLink")]
    public async Task<IActionResult> ReissueLink(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/participants/{participantId}/link")] HttpRequest request,
        string id,
        string participantId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(participantId))
        {
            return ApiResults.NotFound("participant");
        }
        var link = await roster.ReissueLinkAsync(id, participantId, cancellationToken);
        return link is null
            ? ApiResults.NotFound("participant")
            : ApiResults.Json(new { id = participantId, link = link.AbsoluteUri }, StatusCodes.Status201Created);
    }

    static readonly Problem BadKey = new("Idempotency-Key", "Use 1–64 letters, digits, '-' or '_'.");

    /// <summary>The import's id: the request's Idempotency-Key, so a retry finds the same import; a fresh one without it. Null when the key is malformed.</summary>
    static string? ImportId(HttpRequest request)
    {
        string? given = request.Headers["Idempotency-Key"];
        if (given is null)
        {
            return "i" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true);
        }
        return ImportIdShape().IsMatch(given) ? given : null;
    }

    /// <summary>202: stored, and the invitations are on their way through the import at Location.</summary>
    static ContentResult Answer(HttpRequest request, string programmeId, RosterService.Added added)
    {
        if (!added.Found)
        {
            return ApiResults.NotFound("programme");
        }
        if (added.Problems.Count > 0)
        {
            return ApiResults.Problems(added.Problems, added.Problems[0].Field == "id" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
        }
        var import = added.Import!;
        var href = $"/api/programmes/{programmeId}/imports/{import.ImportId}";
        request.HttpContext.Response.Headers.Location = href;
        return ApiResults.Json(new { id = import.ImportId, programmeId, added = import.Total, href }, StatusCodes.Status202Accepted);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ImportIdShape();

    static string LineOf(string field)
    {
        // "rows[3].email" → "line 5: email"
        if (field.StartsWith("rows[", StringComparison.Ordinal) && field.IndexOf(']', StringComparison.Ordinal) is var end and > 5
            && int.TryParse(field.AsSpan(5, end - 5), out var row))
        {
            var rest = field[(end + 1)..].TrimStart('.');
            return rest.Length == 0 ? $"line {row + 2}" : $"line {row + 2}: {rest}";
        }
        return field;
    }
}
