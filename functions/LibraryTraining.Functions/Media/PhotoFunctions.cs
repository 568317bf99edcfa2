using LibraryTraining.Functions.Http;
using LibraryTraining.Media;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Media;

/// <summary>Organisers' photo endpoints: upload (per day or session), list, gallery, one photo, delete, all as a zip.</summary>
public sealed class PhotoFunctions(PhotoService photos, ProgrammeStore programmes, TimeProvider time)
{
    public const int MaxFilesPerRequest = 10;

    [Function("UploadPhotos")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/photos")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ProgrammeAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        var stored = new List<Photo>();
        try
        {
            await MultipartUpload.ReadAsync(request, photos.Limits.MaxBytes, MaxFilesPerRequest, async file =>
            {
                var where = PhotoPlacement.Resolve(programme, file.Fields.GetValueOrDefault("day"), file.Fields.GetValueOrDefault("sessionId"), time.GetUtcNow());
                stored.Add(await photos.UploadAsync(programme, Uploader.Organiser, where, file.FileName, file.Content, cancellationToken));
            }, cancellationToken);
        }
        catch (MediaRejectedException e)
        {
            return MediaResults.Refused(e, stored.Select(p => MediaResults.Json(p, Href(id))));
        }
        return ApiResults.Json(new { photos = stored.Select(p => MediaResults.Json(p, Href(id))) }, StatusCodes.Status201Created);
    }

    [Function("ListPhotos")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/photos")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ProgrammeAsync(id, cancellationToken) is null)
        {
            return ApiResults.NotFound("programme");
        }
        return ApiResults.Json((await photos.ListAsync(id, cancellationToken)).Select(p => MediaResults.Json(p, Href(id))));
    }

    [Function("ShowGallery")]
    public async Task<IActionResult> Gallery(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/gallery")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ProgrammeAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        // Opened in a browser with ?code=: the pictures' addresses carry it on.
        var code = request.Query["code"].FirstOrDefault() is { Length: > 0 } key ? "code=" + Uri.EscapeDataString(key) : null;
        string With(string url, string? query) => query is null ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
        var list = await photos.ListAsync(id, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return ApiResults.Html(MediaPages.Gallery(new GalleryView
        {
            Programme = programme,
            Photos = list,
            Thai = request.Query["lang"] != "en",
            PhotoUrl = (p, thumb) => With($"{Href(id)}/{p.Id}{(thumb ? "?size=thumb" : "")}", code),
            ZipUrl = With($"/api/programmes/{id}/photos.zip", code),
        }));
    }

    [Function("GetPhoto")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/photos/{photoId}")] HttpRequest request,
        string id,
        string photoId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(photoId) || await photos.FindAsync(id, photoId, cancellationToken) is not { } photo)
        {
            return ApiResults.NotFound("photo");
        }
        var thumbnail = request.Query["size"] == "thumb";
        if (thumbnail && !photo.HasThumbnail)
        {
            return ApiResults.NotFound("thumbnail (HEIC photos have none)");
        }
        return MediaResults.File(request, await photos.OpenAsync(photo, thumbnail, cancellationToken), thumbnail ? Thumbnails.ContentType : photo.ContentType,
            request.Query["download"] == "1" ? photo.FileName : null);
    }

    [Function("DeletePhoto")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "programmes/{id}/photos/{photoId}")] HttpRequest request,
        string id,
        string photoId,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || !RequestReader.IsId(photoId))
        {
            return ApiResults.NotFound("photo");
        }
        return await photos.DeleteAsync(id, photoId, onlyBy: null, cancellationToken) == DeleteOutcome.Deleted
            ? ApiResults.Json(new { id = photoId, deleted = true })
            : ApiResults.NotFound("photo");
    }

    [Function("DownloadPhotos")]
    public async Task<IActionResult> Zip(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/photos.zip")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (await this.ProgrammeAsync(id, cancellationToken) is null)
        {
            return ApiResults.NotFound("programme");
        }
        var list = await photos.ListAsync(id, cancellationToken);
        return new ZipStreamResult($"photos-{id}.zip", (body, ct) => photos.WriteZipAsync(list, body, ct));
    }

    async Task<Programme?> ProgrammeAsync(string id, CancellationToken cancellationToken) =>
        RequestReader.IsId(id) ? await programmes.FindAsync(id, cancellationToken) : null;

    static string Href(string id) => $"/api/programmes/{id}/photos";
}
