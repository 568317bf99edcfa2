using LibraryTraining.Attendance;
using LibraryTraining.Certificates;
using LibraryTraining.Feedback;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Reports;

/// <summary>
/// The wrap-up step: certificates for those over the attendance threshold, then the thank-you mail (with
/// the survey for those who came and the certificate for those who earned one), then the report to the
/// organisers. Each part is idempotent, so a retried activity repeats nothing.
/// </summary>
public sealed class ProgrammeWrapUp(ProgrammeStore programmes, AttendanceStore attendance, CertificateService certificates,
    ProgrammeMailer mailer, ReportService reports, Media.ParticipantMedia media)
{
    public async Task<int> RunAsync(Programme programme, string stepId, CancellationToken cancellationToken)
    {
        var issued = (await certificates.IssueAsync(programme, cancellationToken)).ToDictionary(c => c.ParticipantId, StringComparer.Ordinal);
        var roster = await programmes.ParticipantsAsync(programme.Id, cancellationToken);
        var surveyed = SurveyQuestions.Audience(roster, await attendance.ListAsync(programme.Id, cancellationToken))
            .Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        // Handouts and the gallery sit behind the participant's own link (the media routes under /api/rsvp/{token});
        // the handout table is read once for everyone.
        var released = await media.ReleasedHandoutsAsync(programme, cancellationToken);
        var sent = await mailer.SendAsync(programme, MailKind.Thanks, stepId,
            p => AttendanceService.Expected(p) || surveyed.Contains(p.Id),
            (p, token, link) =>
            {
                var links = released.LinksFor(token);
                return WrapUpMail.Thanks(programme, p, link,
                    surveyed.Contains(p.Id) ? FeedbackService.SurveyLinkFrom(link) : null,
                    issued.TryGetValue(p.Id, out var certificate) ? certificates.DownloadLink(certificate.Id) : null,
                    links.Handouts, links.Gallery);
            },
            cancellationToken);
        await reports.PublishAsync(programme.Id, stepId, cancellationToken);
        return sent;
    }
}
