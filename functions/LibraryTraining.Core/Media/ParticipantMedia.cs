using System.Globalization;
using System.Net;
using System.Text;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Media;

/// <summary>A handout as a participant's link to it.</summary>
public sealed record HandoutLink(string Id, string Title, string FileName, string? SessionTitle, Uri Url);

/// <summary>What mails and the answer page offer a participant: released handouts, the gallery, the upload page.</summary>
public sealed record ParticipantMediaLinks(IReadOnlyList<HandoutLink> Handouts, Uri Gallery);

/// <summary>
/// The participant's side of handouts and photos, for the mailers (confirmation, briefing, wrap-up) and
/// the answer page. Links go through the participant's own token and are checked when opened, so a
/// link in an old email still honours a revocation, an expiry and a handout's release time.
/// </summary>
public sealed class ParticipantMedia(HandoutService handouts, PhotoService photos, ParticipantLinks links, PublicLinks publicLinks)
{
    /// <summary>For mails: the handouts released by now and the gallery, through the participant's current link.</summary>
    public async Task<ParticipantMediaLinks> LinksAsync(Programme programme, Participant participant, CancellationToken cancellationToken)
    {
        var token = links.TokenFor(programme.Id, participant.Id, participant.LinkGeneration);
        return await this.LinksAsync(programme, token, cancellationToken);
    }

    public async Task<ParticipantMediaLinks> LinksAsync(Programme programme, string token, CancellationToken cancellationToken) =>
        (await this.ReleasedHandoutsAsync(programme, cancellationToken)).LinksFor(token);

    /// <summary>
    /// The handouts released by now (the handout service's check: the session's end by the current
    /// schedule, on the programme's clock), read once. A mail to the whole roster calls this once per
    /// step and makes each participant's links from their token, rather than reading the table per person.
    /// </summary>
    public async Task<ReleasedHandouts> ReleasedHandoutsAsync(Programme programme, CancellationToken cancellationToken) =>
        new(programme, await handouts.ReleasedAsync(programme, cancellationToken), publicLinks);

    /// <summary>
    /// The answer page's section for someone with a place: the handouts, and the photos (share one, see
    /// the gallery). Empty for anyone else, so the page stays as it was for them.
    /// </summary>
    public async Task<string> AnswerPageSectionAsync(AnswerView view, string? lang, string token, CancellationToken cancellationToken)
    {
        if (view.Link != LinkState.Valid || view.Programme is not { CancelledAt: null } programme || view.Participant is not { Status: AnswerStatus.Accepted } participant)
        {
            return "";
        }
        var thai = lang is null ? ProgrammeDates.IsThai(participant.Language) : ProgrammeDates.IsThai(lang);
        var media = await this.LinksAsync(programme, token, cancellationToken);
        var count = (await photos.ListAsync(programme.Id, cancellationToken)).Count;
        var w = thai ? MediaWords.Thai : MediaWords.English;
        var html = new StringBuilder();
        html.Append("<section class=\"media\" id=\"media\">");
        if (media.Handouts.Count > 0)
        {
            html.Append("<h2>").Append(E(w.Handouts)).Append("</h2><ul class=\"handouts\">");
            foreach (var h in media.Handouts)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(h.Url.PathAndQuery)}\">{E(h.Title)}</a>");
                if (h.SessionTitle is { } session)
                {
                    html.Append("<br><span class=\"muted\">").Append(E(session)).Append("</span>");
                }
                html.Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<h2>").Append(E(w.Photos)).Append("</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p><a class=\"button secondary\" href=\"/api/rsvp/{Uri.EscapeDataString(token)}/gallery\">{E(w.SeeGallery(count))}</a></p>");
        html.Append(MediaPages.UploadForm($"/api/rsvp/{Uri.EscapeDataString(token)}/photos", programme, w, thai ? "th" : "en"));
        html.Append("</section>");
        return html.ToString();
    }

    static string E(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>The released handouts of one programme, read once; each participant's links differ only by their token.</summary>
public sealed class ReleasedHandouts
{
    readonly IReadOnlyList<Handout> released;
    readonly Dictionary<string, string> sessions;
    readonly PublicLinks publicLinks;

    internal ReleasedHandouts(Programme programme, IReadOnlyList<Handout> released, PublicLinks publicLinks)
    {
        this.released = released;
        this.sessions = programme.Days.SelectMany(d => d.Sessions).ToDictionary(s => s.Id, s => s.Title, StringComparer.Ordinal);
        this.publicLinks = publicLinks;
    }

    public int Count => this.released.Count;

    /// <summary>The participant's links to each released handout, in upload order; empty when none is released.</summary>
    public IReadOnlyList<HandoutLink> For(string token) =>
        this.released.Select(h => new HandoutLink(h.Id, h.Title, h.FileName,
            h.SessionId is { } s && this.sessions.TryGetValue(s, out var t) ? t : null,
            this.publicLinks.Handout(token, h.Id))).ToList();

    public ParticipantMediaLinks LinksFor(string token) => new(this.For(token), this.publicLinks.Gallery(token));
}
