using LibraryTraining.Attendance;
using LibraryTraining.Functions.Http;
using LibraryTraining.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Reports;

/// <summary>The final report (HTML, PDF; published to Blob storage and mailed to organisers) and the attendance CSV.</summary>
public sealed class ReportFunctions(ReportService reports, AttendanceStore attendance)
{
    [Function("PublishReport")]
    public async Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/report")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        // A retried request with the same Idempotency-Key mails nothing twice; without one, each POST mails.
        var key = request.Headers["Idempotency-Key"].ToString();
        var purpose = key is { Length: > 0 and <= 64 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? key : Guid.NewGuid().ToString("N");
        var published = await reports.PublishAsync(id, "manual-" + purpose, cancellationToken);
        return published is null
            ? ApiResults.NotFound("programme")
            : ApiResults.Json(new { html = $"{StorageNames.Reports}/{published.Html}", pdf = $"{StorageNames.Reports}/{published.Pdf}", pdfBytes = published.PdfBytes, mailed = published.Mailed }, StatusCodes.Status201Created);
    }

    [Function("ShowReport")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/report")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        // The published report if there is one; otherwise a fresh view of the data, stored nowhere.
        if (await reports.ReadAsync(id, "html", cancellationToken) is { } stored)
        {
            return ApiResults.Html(System.Text.Encoding.UTF8.GetString(stored));
        }
        return await reports.BuildAsync(id, cancellationToken) is { } report ? ApiResults.Html(ReportHtml.Render(report)) : ApiResults.NotFound("programme");
    }

    [Function("DownloadReportPdf")]
    public async Task<IActionResult> Pdf(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/report.pdf")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id))
        {
            return ApiResults.NotFound("programme");
        }
        var pdf = await reports.ReadAsync(id, "pdf", cancellationToken)
            ?? (await reports.BuildAsync(id, cancellationToken) is { } report ? ReportPdf.Render(report) : null);
        if (pdf is null)
        {
            return ApiResults.NotFound("programme");
        }
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"report-{id}.pdf\"";
        return new FileContentResult(pdf, "application/pdf");
    }

    [Function("DownloadAttendanceCsv")]
    public async Task<IActionResult> Csv(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/attendance.csv")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || await reports.BuildAsync(id, cancellationToken) is not { } report)
        {
            return ApiResults.NotFound("programme");
        }
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"attendance-{id}.csv\"";
        return new FileContentResult(AttendanceCsv.Write(report, await attendance.ListAsync(id, cancellationToken)), "text/csv; charset=utf-8");
    }

    static class StorageNames
    {
        public const string Reports = LibraryTraining.Storage.StorageTables.ReportsContainer;
    }
}
