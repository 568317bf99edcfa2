using System.Globalization;
using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Http;
using LibraryTraining.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace LibraryTraining.Functions.Media;

/// <summary>Responses the media endpoints share: JSON shapes, refusals, streamed files and zips.</summary>
public static class MediaResults
{
    public static object Json(Photo p, string baseHref) => new
    {
        id = p.Id,
        day = p.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        sessionId = p.SessionId,
        uploadedBy = p.UploadedBy,
        uploaderName = p.UploaderName,
        fileName = p.FileName,
        contentType = p.ContentType,
        width = p.Width,
        height = p.Height,
        bytes = p.Bytes,
        sha256 = p.Sha256,
        gpsRemoved = p.GpsRemoved,
        thumbnail = p.HasThumbnail,
        uploadedAt = p.UploadedAt,
        href = $"{baseHref}/{p.Id}",
        thumbnailHref = p.HasThumbnail ? $"{baseHref}/{p.Id}?size=thumb" : null,
    };

    public static object Json(Handout h, DateTimeOffset? releasedFrom, bool released, string baseHref) => new
    {
        id = h.Id,
        title = h.Title,
        fileName = h.FileName,
        contentType = h.ContentType,
        bytes = h.Bytes,
        sha256 = h.Sha256,
        sessionId = h.SessionId,
        releaseAfterSession = h.ReleaseAfterSession,
        releasedFrom,
        released,
        uploadedAt = h.UploadedAt,
        href = $"{baseHref}/{h.Id}",
    };

    /// <summary>An organiser's refusal, as JSON: what is wrong, a code, and what was stored before it.</summary>
    public static ContentResult Refused(MediaRejectedException e, IEnumerable<object>? stored = null) =>
        ApiResults.Json(new { error = e.Message, code = e.Code, existingId = e.ExistingId, stored = stored?.ToList() }, e.Status);

    /// <summary>A file streamed from storage; inline for pictures, as a download otherwise.</summary>
    public static FileStreamResult File(HttpRequest request, Stream content, string contentType, string? downloadName)
    {
        request.HttpContext.Response.Headers.CacheControl = "private, max-age=3600";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return new FileStreamResult(content, contentType) { FileDownloadName = downloadName };
    }

    /// <summary>A participant page for a link that does not work: the answer page's own words for it.</summary>
    public static ContentResult LinkRefused(LinkState state)
    {
        var (status, html) = AnswerPage.Render(new AnswerView(state), null, "");
        return ApiResults.Html(html, status);
    }

    public static ContentResult Page(int status, string thai, string english) => ApiResults.Html(MediaPages.Message(thai, english), status);

    public static ContentResult NotConfirmed() => Page(403,
        "ภาพกิจกรรมและเอกสารประกอบการอบรมสำหรับผู้ที่ได้รับที่นั่งแล้วเท่านั้น",
        "Photos and handouts are for participants with a place on the programme.");

    /// <summary>The refusal in Thai for the participant pages (the English is the exception's message).</summary>
    public static string Thai(MediaRejectedException e) => e.Code switch
    {
        "empty" or "no-file" => "ไม่พบไฟล์ภาพ กรุณาเลือกภาพแล้วส่งอีกครั้ง",
        "too-large" => "ไฟล์ใหญ่เกิน 20 MB กรุณาส่งภาพที่เล็กลง",
        "unsupported-type" => "รับเฉพาะภาพ JPEG, PNG, WebP หรือ HEIC",
        "truncated" or "incomplete-upload" => "ไฟล์ไม่สมบูรณ์ (ส่งไม่ครบ) กรุณาส่งใหม่อีกครั้ง",
        "invalid" => "ไฟล์ภาพเสียหายหรือไม่ใช่ภาพ",
        "too-many-pixels" => "ภาพมีขนาดใหญ่เกินไป (เกิน 40 ล้านพิกเซล) กรุณาส่งภาพที่เล็กลง",
        "unsupported-layout" => "ไม่สามารถลบตำแหน่งออกจากไฟล์ HEIC นี้ได้อย่างปลอดภัย กรุณาส่งเป็น JPEG",
        "bad-name" => "ชื่อไฟล์ไม่ถูกต้อง กรุณาเปลี่ยนชื่อไฟล์แล้วส่งใหม่",
        "duplicate" => "ภาพนี้มีอยู่ในแกลเลอรีแล้ว",
        "too-many" => "ท่านส่งภาพครบจำนวนสูงสุดแล้ว",
        "unknown-day" or "unknown-session" => "วันหรือช่วงกิจกรรมที่เลือกไม่ถูกต้อง",
        _ => "ส่งภาพไม่สำเร็จ",
    };
}

/// <summary>Writes a zip straight into the response as it is made.</summary>
public sealed class ZipStreamResult(string fileName, Func<Stream, CancellationToken, Task> write) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "application/zip";
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = new string(fileName.Select(c => char.IsAscii(c) && !char.IsControl(c) && c != '"' ? c : '_').ToArray()),
            FileNameStar = fileName,
        }.ToString();
        await write(response.Body, context.HttpContext.RequestAborted);
    }
}
