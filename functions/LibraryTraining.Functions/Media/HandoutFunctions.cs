using LibraryTraining.Functions.Http;
using LibraryTraining.Media;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Media;

/// <summary>
/// Handouts: organisers upload and list them; participants open them through their own link. The
/// participant's address is checked when opened (link valid, a place on the programme, the handout
/// released) and the file is streamed from storage: the app's storage account allows no shared keys,
/// so there is no account-key SAS to hand out, and a checked address works whenever the email is read.
/// </summary>
public sealed class HandoutFunctions(HandoutService handouts, ProgrammeStore programmes, MediaAccess access)
{
    [Function("UploadHandout")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/handouts")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || await programmes.FindAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        Handout? stored = null;
        try
        {
            await MultipartUpload.ReadAsync(request, HandoutService.MaxBytes, 1, async file =>
            {
                var release = file.Fields.GetValueOrDefault("releaseAfterSession")?.Trim().ToLowerInvariant() is "true" or "on" or "yes" or "1";
                stored = await handouts.UploadAsync(programme, file.Fields.GetValueOrDefault("title"), file.Fields.GetValueOrDefault("sessionId"),
                    release, file.FileName, file.Content, cancellationToken);
            }, cancellationToken);
        }
        catch (MediaRejectedException e)
        {
            return MediaResults.Refused(e);
        }
        request.HttpContext.Response.Headers.Location = $"{Href(id)}/{stored!.Id}";
        return ApiResults.Json(MediaResults.Json(stored, HandoutService.ReleasedFrom(programme, stored), handouts.IsReleased(programme, stored), Href(id)), StatusCodes.Status201Created);
    }

    [Function("ListHandouts")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/handouts")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || await programmes.FindAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        var list = await handouts.ListAsync(id, cancellationToken);
        return ApiResults.Json(list.Select(h => MediaResults.Json(h, HandoutService.ReleasedFrom(programme, h), handouts.IsReleased(programme, h), Href(id))));
    }

    [Function("DownloadHandout")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/handouts/{handoutId}")] HttpRequest request,
        string id,
        string handoutId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(handoutId) || await handouts.FindAsync(id, handoutId, cancellationToken) is not { } handout)
        {
            return ApiResults.NotFound("handout");
        }
        return MediaResults.File(request, await handouts.OpenAsync(handout, cancellationToken), handout.ContentType, handout.FileName);
    }

    [Function("DownloadParticipantHandout")]
    public async Task<IActionResult> DownloadForParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/handouts/{handoutId}")] HttpRequest request,
        string token,
        string handoutId,
        CancellationToken cancellationToken)
    {
        var who = await access.ResolveAsync(token, cancellationToken);
        if (who.LinkRefusal is not null)
        {
            return MediaResults.LinkRefused(who.Link);
        }
        if (!who.Confirmed)
        {
            return MediaResults.NotConfirmed();
        }
        var programme = who.Programme!;
        if (!RequestReader.IsId(handoutId) || await handouts.FindAsync(programme.Id, handoutId, cancellationToken) is not { } handout)
        {
            return MediaResults.Page(404, "ไม่พบเอกสารนี้", "There is no such handout.");
        }
        if (!handouts.IsReleased(programme, handout))
        {
            var from = HandoutService.ReleasedFrom(programme, handout)!.Value;
            var at = programme.Clock.ToProgramme(from);
            return MediaResults.Page(403,
                $"เอกสารนี้จะเปิดให้ดาวน์โหลดหลังจบช่วงอบรม ({ProgrammeDates.Instant(at, programme.Zone, "th")})",
                $"This handout opens when its session ends ({ProgrammeDates.Instant(at, programme.Zone, "en")}).");
        }
        var result = MediaResults.File(request, await handouts.OpenAsync(handout, cancellationToken), handout.ContentType, handout.FileName);
        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return result;
    }

    static string Href(string id) => $"/api/programmes/{id}/handouts";
}
