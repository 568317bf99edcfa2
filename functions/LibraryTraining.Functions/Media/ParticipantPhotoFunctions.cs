using System.Globalization;
using LibraryTraining.Functions.Http;
using LibraryTraining.Media;
using LibraryTraining.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Media;

/// <summary>
/// The gallery behind a participant's own link: see the programme's photos, share some (only someone
/// with a place, through a link that still works), delete their own, download all. Anonymous: the
/// token is the credential, checked on every request.
/// </summary>
public sealed class ParticipantPhotoFunctions(MediaAccess access, PhotoService photos, TimeProvider time)
{
    [Function("UploadParticipantPhotos")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rsvp/{token}/photos")] HttpRequest request,
        string token,
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
        var participant = who.Participant!;
        var stored = 0;
        try
        {
            await MultipartUpload.ReadAsync(request, photos.Limits.MaxBytes, PhotoFunctions.MaxFilesPerRequest, async file =>
            {
                var where = PhotoPlacement.Resolve(programme, file.Fields.GetValueOrDefault("day"), file.Fields.GetValueOrDefault("sessionId"), time.GetUtcNow());
                await photos.UploadAsync(programme, new Uploader(participant.Id, participant.Name), where, file.FileName, file.Content, cancellationToken);
                stored++;
            }, cancellationToken);
        }
        catch (MediaRejectedException e)
        {
            var thai = Thai(request, who);
            var w = thai ? MediaWords.Thai : MediaWords.English;
            return ApiResults.Html(MediaPages.Gallery(await this.ViewAsync(who, token, thai, cancellationToken) with
            {
                Notice = stored > 0 ? w.Uploaded(stored) : null,
                Problem = thai ? MediaResults.Thai(e) : e.Message,
            }), e.Status);
        }
        // Post, then redirect: a refresh of the page that follows does not send the photos again.
        return BackToGallery(request, token, $"uploaded={stored.ToString(CultureInfo.InvariantCulture)}");
    }

    [Function("ShowParticipantGallery")]
    public async Task<IActionResult> Gallery(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/gallery")] HttpRequest request,
        string token,
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
        var thai = Thai(request, who);
        var w = thai ? MediaWords.Thai : MediaWords.English;
        var notice = int.TryParse(request.Query["uploaded"], CultureInfo.InvariantCulture, out var n) && n > 0 ? w.Uploaded(n)
            : request.Query["deleted"] == "1" ? w.Deleted : null;
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return ApiResults.Html(MediaPages.Gallery(await this.ViewAsync(who, token, thai, cancellationToken) with { Notice = notice }));
    }

    [Function("GetParticipantPhoto")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/photos/{photoId}")] HttpRequest request,
        string token,
        string photoId,
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
        if (!RequestReader.IsId(photoId) || await photos.FindAsync(who.Programme!.Id, photoId, cancellationToken) is not { } photo)
        {
            return MediaResults.Page(404, "ไม่พบภาพนี้", "There is no such photo.");
        }
        var thumbnail = request.Query["size"] == "thumb" && photo.HasThumbnail;
        return MediaResults.File(request, await photos.OpenAsync(photo, thumbnail, cancellationToken), thumbnail ? Thumbnails.ContentType : photo.ContentType,
            request.Query["download"] == "1" ? photo.FileName : null);
    }

    [Function("DeleteParticipantPhoto")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rsvp/{token}/photos/{photoId}/delete")] HttpRequest request,
        string token,
        string photoId,
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
        var outcome = RequestReader.IsId(photoId)
            ? await photos.DeleteAsync(who.Programme!.Id, photoId, onlyBy: who.Participant!.Id, cancellationToken)
            : DeleteOutcome.NotFound;
        switch (outcome)
        {
            case DeleteOutcome.NotYours:
                return MediaResults.Page(403, "ท่านลบได้เฉพาะภาพที่ท่านส่งเอง", "You can delete only the photos you shared yourself.");
            case DeleteOutcome.NotFound:
                return MediaResults.Page(404, "ไม่พบภาพนี้ (อาจถูกลบไปแล้ว)", "There is no such photo (it may be deleted already).");
            default:
                return BackToGallery(request, token, "deleted=1");
        }
    }

    [Function("DownloadParticipantPhotos")]
    public async Task<IActionResult> Zip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rsvp/{token}/photos.zip")] HttpRequest request,
        string token,
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
        var list = await photos.ListAsync(who.Programme!.Id, cancellationToken);
        return new ZipStreamResult($"photos-{who.Programme.Id}.zip", (body, ct) => photos.WriteZipAsync(list, body, ct));
    }

    async Task<GalleryView> ViewAsync(ParticipantAccess who, string token, bool thai, CancellationToken cancellationToken)
    {
        var self = $"/api/rsvp/{Uri.EscapeDataString(token)}";
        var language = thai ? "th" : "en";
        return new GalleryView
        {
            Programme = who.Programme!,
            Photos = await photos.ListAsync(who.Programme!.Id, cancellationToken),
            Thai = thai,
            PhotoUrl = (p, thumb) => $"{self}/photos/{p.Id}{(thumb ? "?size=thumb" : "")}",
            ZipUrl = $"{self}/photos.zip",
            DeleteUrl = p => p.UploadedBy == who.Participant!.Id ? $"{self}/photos/{p.Id}/delete?lang={language}" : null,
            UploadUrl = $"{self}/photos",
            BackUrl = $"{self}?lang={language}",
        };
    }

    static bool Thai(HttpRequest request, ParticipantAccess who) =>
        request.Query["lang"].FirstOrDefault() is { } lang and ("th" or "en") ? lang == "th" : ProgrammeDates.IsThai(who.Participant!.Language);

    /// <summary>After a post, 303 back to the gallery with what happened, in the language the page was in.</summary>
    static StatusCodeResult BackToGallery(HttpRequest request, string token, string outcome)
    {
        var lang = request.Query["lang"].FirstOrDefault() is { } l and ("th" or "en") ? $"&lang={l}" : "";
        request.HttpContext.Response.Headers.Location = $"/api/rsvp/{token}/gallery?{outcome}{lang}";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }
}
