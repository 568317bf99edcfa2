using LibraryTraining.Enrolment;
using LibraryTraining.Programmes;

namespace LibraryTraining.Media;

/// <summary>Who is behind a participant link, as far as handouts and photos are concerned.</summary>
public sealed record ParticipantAccess(LinkState Link, Programme? Programme = null, Participant? Participant = null)
{
    /// <summary>Handouts, the gallery and photo uploads are for those with a place, on a programme still on.</summary>
    public bool Confirmed => this.Link == LinkState.Valid && this.Participant?.Status == AnswerStatus.Accepted && this.Programme?.CancelledAt is null;

    /// <summary>The status to refuse with when the link itself does not work: 404 unknown, 410 expired or replaced.</summary>
    public int? LinkRefusal => this.Link switch
    {
        LinkState.Valid => null,
        LinkState.Unknown => 404,
        _ => 410,
    };
}

/// <summary>Resolves participant links for the media endpoints; a removed participant's link counts as revoked.</summary>
public sealed class MediaAccess(ParticipantLinks links, ProgrammeStore programmes)
{
    public async Task<ParticipantAccess> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var link = await links.ResolveAsync(token, cancellationToken);
        if (link.State != LinkState.Valid)
        {
            return new ParticipantAccess(link.State);
        }
        var programme = await programmes.FindAsync(link.ProgrammeId!, cancellationToken);
        var participant = programme is null ? null : await programmes.FindParticipantAsync(programme.Id, link.ParticipantId!, cancellationToken);
        if (programme is null || participant is null || participant.Removed || participant.LinkGeneration != link.Generation)
        {
            return new ParticipantAccess(LinkState.Revoked);
        }
        return new ParticipantAccess(LinkState.Valid, programme, participant);
    }
}
