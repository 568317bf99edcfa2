using LibraryTraining.Enrolment;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Messaging;

/// <summary>
/// Composes and sends one kind of email to the right part of a programme's roster. Each message is
/// keyed by kind, purpose and participant, so a retried step sends nothing twice.
/// </summary>
public sealed class ProgrammeMailer(ProgrammeStore programmes, ParticipantLinks links, MailDispatcher dispatcher, PublicLinks publicLinks)
{
    /// <summary>SendGrid takes up to 1,000 personalizations a request; composing in chunks of that keeps memory flat.</summary>
    public const int Chunk = 1000;

    public Task<int> SendAsync(Programme programme, MailKind kind, string purpose, Func<Participant, bool> audience,
        Func<Participant, Uri, ComposedMail> compose, CancellationToken cancellationToken, IReadOnlyList<MailAttachment>? attachments = null) =>
        this.SendAsync(programme, kind, purpose, audience, (p, _, link) => compose(p, link), cancellationToken, attachments);

    /// <summary>
    /// As above, for mails with more addresses under the participant's link than the answer page
    /// (handouts, the gallery): <paramref name="compose"/> gets the participant's token as well.
    /// </summary>
    public async Task<int> SendAsync(Programme programme, MailKind kind, string purpose, Func<Participant, bool> audience,
        Func<Participant, string, Uri, ComposedMail> compose, CancellationToken cancellationToken, IReadOnlyList<MailAttachment>? attachments = null)
    {
        var roster = await programmes.ParticipantsAsync(programme.Id, cancellationToken);
        var expires = ProgrammeTime.LastMomentOf(programme) + ParticipantLinks.ValidAfterProgramme;
        var sent = 0;
        foreach (var chunk in roster.Where(p => !p.Removed && audience(p)).Chunk(Chunk))
        {
            var mails = new OutgoingMail[chunk.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, chunk.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var participant = chunk[i];
                var token = await links.IssueAsync(programme.Id, participant.Id, participant.LinkGeneration, expires, ct);
                var mail = compose(participant, token, publicLinks.Answer(token));
                mails[i] = new OutgoingMail
                {
                    Kind = kind,
                    ProgrammeId = programme.Id,
                    ParticipantId = participant.Id,
                    To = participant.Email,
                    ToName = participant.Name,
                    Subject = mail.Subject,
                    Html = mail.Html,
                    Text = mail.Text,
                    Attachments = attachments ?? [],
                    IdempotencyKey = $"{WireNames.Of(kind)}|{purpose}|{participant.Id}",
                };
            });
            sent += await dispatcher.SendAsync(mails, cancellationToken);
        }
        return sent;
    }
}

/// <summary>Builds the public addresses that emails point at.</summary>
public sealed class PublicLinks(Uri baseUrl)
{
    public Uri BaseUrl { get; } = baseUrl;

    public Uri Answer(string token) => new(this.BaseUrl, $"api/rsvp/{token}");

    /// <summary>A handout through the participant's own link, checked (and its release time honoured) when opened.</summary>
    public Uri Handout(string token, string handoutId) => new(this.BaseUrl, $"api/rsvp/{token}/handouts/{handoutId}");

    public Uri Gallery(string token) => new(this.BaseUrl, $"api/rsvp/{token}/gallery");

    public Uri Dashboard(string programmeId) => new(this.BaseUrl, $"api/programmes/{programmeId}/dashboard");
}
