using LibraryTraining.Certificates;
using LibraryTraining.Functions.Http;
using LibraryTraining.Programmes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Certificates;

/// <summary>Certificates: anyone may verify one by its id (the QR code on it); organisers list and issue.</summary>
public sealed class CertificateFunctions(CertificateService certificates, ProgrammeStore programmes, LibraryTraining.Attendance.AttendanceStore attendance)
{
    [Function("VerifyCertificate")]
    public async Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certificates/{certificateId}")] HttpRequest request,
        string certificateId,
        CancellationToken cancellationToken)
    {
        var (status, html) = VerificationPage.Render(await certificates.VerifyAsync(certificateId, cancellationToken));
        return ApiResults.Html(html, status);
    }

    [Function("DownloadCertificate")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "certificates/{certificateId}/pdf")] HttpRequest request,
        string certificateId,
        CancellationToken cancellationToken)
    {
        if (await certificates.VerifyAsync(certificateId, cancellationToken) is not { } certificate)
        {
            return ApiResults.NotFound("certificate");
        }
        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"certificate-{certificate.Id[..8]}.pdf\"";
        return new FileContentResult(certificates.Pdf(certificate), "application/pdf");
    }

    [Function("ListCertificates")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "programmes/{id}/certificates")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || await programmes.FindAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        var issued = (await certificates.ListAsync(id, cancellationToken)).ToDictionary(c => c.ParticipantId, StringComparer.Ordinal);
        var assessed = CertificateService.Assess(programme, await programmes.ParticipantsAsync(id, cancellationToken), await attendance.ListAsync(id, cancellationToken));
        return ApiResults.Json(new
        {
            threshold = programme.AttendanceThreshold,
            participants = assessed.Select(e => new
            {
                id = e.Participant.Id,
                name = e.Participant.Name,
                attended = e.Attended,
                counted = e.Counted,
                eligible = e.Eligible,
                certificate = issued.TryGetValue(e.Participant.Id, out var c) ? certificates.VerifyLink(c.Id).AbsoluteUri : null,
            }),
        });
    }

    [Function("IssueCertificates")]
    public async Task<IActionResult> Issue(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "programmes/{id}/certificates")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!RequestReader.IsId(id) || await programmes.FindAsync(id, cancellationToken) is not { } programme)
        {
            return ApiResults.NotFound("programme");
        }
        var issued = await certificates.IssueAsync(programme, cancellationToken);
        return ApiResults.Json(new { issued = issued.Count, certificates = issued.Select(c => new { participant = c.ParticipantId, verify = certificates.VerifyLink(c.Id).AbsoluteUri, pdf = certificates.DownloadLink(c.Id).AbsoluteUri }) });
    }
}
