using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using LibraryTraining.Attendance;
using LibraryTraining.Certificates;
using LibraryTraining.Feedback;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Reports;

/// <summary>Where a published report is: blob names in the "reports" container.</summary>
public sealed record PublishedReport(string Html, string Pdf, int PdfBytes, int Mailed);

/// <summary>
/// Builds the final report from stored data, keeps it in Blob storage (reports/{programme}/report.html
/// and .pdf, replaced on each build) and mails it to the organisers, once per purpose.
/// </summary>
public sealed class ReportService(ProgrammeStore programmes, AttendanceStore attendance, FeedbackService feedback, IReportMedia media,
    StorageTables storage, MailDispatcher dispatcher, PublicLinks publicLinks, TimeProvider time)
{
    public const int PhotosInReport = 6;

    public async Task<ProgrammeReport?> BuildAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }
        return ProgrammeReport.Build(programme,
            await programmes.ParticipantsAsync(programmeId, cancellationToken),
            await attendance.ListAsync(programmeId, cancellationToken),
            await feedback.AnswersAsync(programmeId, cancellationToken),
            await media.HandoutsAsync(programmeId, cancellationToken),
            await media.PhotosAsync(programmeId, PhotosInReport, cancellationToken),
            time.GetUtcNow());
    }

    /// <summary>Builds, stores and mails the report. <paramref name="purpose"/> keys the mail: the wrap-up's step id, or a request id.</summary>
    public async Task<PublishedReport?> PublishAsync(string programmeId, string purpose, CancellationToken cancellationToken)
    {
        var report = await this.BuildAsync(programmeId, cancellationToken);
        if (report is null)
        {
            return null;
        }
        var html = ReportHtml.Render(report);
        var pdf = ReportPdf.Render(report);
        var container = await storage.ContainerAsync(StorageTables.ReportsContainer);
        var (htmlName, pdfName) = (BlobName(programmeId, "html"), BlobName(programmeId, "pdf"));
        await container.GetBlobClient(htmlName).UploadAsync(BinaryData.FromString(html),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, cancellationToken);
        await container.GetBlobClient(pdfName).UploadAsync(BinaryData.FromBytes(pdf),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } }, cancellationToken);

        var programme = report.Programme;
        var link = new Uri(publicLinks.BaseUrl, $"api/programmes/{programmeId}/report");
        var mails = programme.Organisers.Select(o =>
        {
            var body = new MailBody(MailWords.For("th"));
            body.Heading("รายงานผลการดำเนินงานโครงการ");
            body.Paragraph($"รายงาน{programme.Title} พร้อมแล้ว (ไฟล์ PDF แนบมากับอีเมลนี้) ประกอบด้วยสรุปโครงการ ผู้เข้าร่วมจำแนกตามตำแหน่งและหน่วยงาน การเข้าร่วมแต่ละกิจกรรม ผลการประเมิน เอกสาร ภาพกิจกรรม และร่างข่าวประชาสัมพันธ์");
            body.Paragraph($"ผู้เข้าร่วม {report.Attended} คน · ได้รับเกียรติบัตร {report.Certificates} คน · ตอบแบบสอบถาม {report.Feedback.Responded} คน");
            body.Button("เปิดรายงาน (ต้องใช้รหัสผู้จัด)", link);
            var composed = body.Build($"รายงานโครงการ: {programme.Title}");
            return new OutgoingMail
            {
                Kind = MailKind.Report,
                ProgrammeId = programmeId,
                To = o.Email,
                ToName = o.Name,
                Subject = composed.Subject,
                Html = composed.Html,
                Text = composed.Text,
                Attachments = [new MailAttachment("report.pdf", "application/pdf", pdf)],
                IdempotencyKey = $"report|{purpose}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(o.Email.ToLowerInvariant())))[..16]}",
            };
        }).ToList();
        var mailed = await dispatcher.SendAsync(mails, cancellationToken);
        return new PublishedReport(htmlName, pdfName, pdf.Length, mailed);
    }

    /// <summary>The stored report, or null if none was published yet.</summary>
    public async Task<byte[]?> ReadAsync(string programmeId, string format, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.ReportsContainer);
        var blob = container.GetBlobClient(BlobName(programmeId, format));
        if (!await blob.ExistsAsync(cancellationToken))
        {
            return null;
        }
        return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
    }

    public static string BlobName(string programmeId, string format) => $"{programmeId}/report.{format}";
}
