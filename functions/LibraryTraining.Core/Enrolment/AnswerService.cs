using LibraryTraining.Programmes;

namespace LibraryTraining.Enrolment;

/// <summary>Everything the answer page shows: the link's state, and when it is valid, the programme and the participant.</summary>
public sealed record AnswerView(
    LinkState Link,
    Programme? Programme = null,
    Participant? Participant = null,
    int? WaitlistPosition = null,
    RegistrationDetails? Details = null,
    bool EnrolmentClosed = false,
    AnswerRefusal Refusal = AnswerRefusal.None,
    IReadOnlyList<Problem>? Problems = null,
    bool DetailsSaved = false);

/// <summary>
/// The participant's side of enrolment, behind their personal link: seeing the programme (which never
/// changes anything), answering, giving registration details and fetching the calendar.
/// </summary>
public sealed class AnswerService(ParticipantLinks links, ProgrammeStore programmes, SeatBook seats, RegistrationDetailsStore details,
    TimeProvider time)
{
    public async Task<AnswerView> ViewAsync(string token, CancellationToken cancellationToken)
    {
        var link = await links.ResolveAsync(token, cancellationToken);
        if (link.State != LinkState.Valid)
        {
            return new AnswerView(link.State);
        }
        var programme = await programmes.FindAsync(link.ProgrammeId!, cancellationToken);
        var participant = programme is null ? null : await programmes.FindParticipantAsync(programme.Id, link.ParticipantId!, cancellationToken);
        if (programme is null || participant is null || participant.Removed)
        {
            return new AnswerView(LinkState.Revoked);
        }
        return new AnswerView(LinkState.Valid, programme, participant,
            await this.WaitlistPositionAsync(programme.Id, participant, cancellationToken),
            await details.FindAsync(programme.Id, participant.Id, cancellationToken),
            this.IsClosed(programme));
    }

    public async Task<AnswerView> AnswerAsync(string token, Decision decision, string? reason, CancellationToken cancellationToken)
    {
        // Genuine and unexpired; whether it still holds (not replaced, not removed) the seat book decides
        // against the roster as stored, so a burst of answers costs no link read each.
        var link = await links.IdentifyAsync(token, cancellationToken);
        if (link.State != LinkState.Valid)
        {
            return new AnswerView(link.State);
        }
        // The mails this answer owes, and the expiry of any place it freed, are stored with the decision itself.
        var outcome = await seats.AnswerAsync(link.ProgrammeId!, link.ParticipantId!, decision, reason, link.Generation);
        if (outcome.Refusal is AnswerRefusal.UnknownProgramme or AnswerRefusal.UnknownParticipant or AnswerRefusal.Removed)
        {
            return new AnswerView(LinkState.Revoked);
        }
        var registration = outcome.Participant!.Status == AnswerStatus.Accepted
            ? await details.FindAsync(outcome.Programme!.Id, outcome.Participant.Id, cancellationToken)
            : null;
        return new AnswerView(LinkState.Valid, outcome.Programme, outcome.Participant, outcome.WaitlistPosition, registration,
            this.IsClosed(outcome.Programme!), outcome.Refusal);
    }

    public async Task<AnswerView> SaveDetailsAsync(string token, RegistrationDetails given, CancellationToken cancellationToken)
    {
        var view = await this.ViewAsync(token, cancellationToken);
        if (view.Link != LinkState.Valid)
        {
            return view;
        }
        var programme = view.Programme!;
        // Only the fields this programme asks for are kept.
        var asked = programme.RegistrationFields;
        var kept = new RegistrationDetails(
            asked.Contains(RegistrationField.Dietary) ? Clean(given.Dietary) : null,
            asked.Contains(RegistrationField.Phone) ? Clean(given.Phone) : null,
            asked.Contains(RegistrationField.EmergencyContact) ? Clean(given.EmergencyContact) : null,
            asked.Contains(RegistrationField.Accommodation) ? given.Accommodation : null);
        if (view.Participant!.Status is not (AnswerStatus.Accepted or AnswerStatus.Waitlisted or AnswerStatus.Offered))
        {
            return view with { Problems = [new Problem("decision", "Accept the invitation first.")] };
        }
        var problems = kept.Problems(Messaging.ProgrammeDates.IsThai(view.Participant.Language));
        if (problems.Count > 0)
        {
            return view with { Details = kept, Problems = problems };
        }
        await details.SaveAsync(programme.Id, view.Participant.Id, kept, cancellationToken);
        return view with { Details = kept, DetailsSaved = true };
    }

    /// <summary>The calendar file for a valid link; null when the link is not valid.</summary>
    public async Task<(LinkState Link, string? Calendar)> CalendarAsync(string token, CancellationToken cancellationToken)
    {
        var link = await links.ResolveAsync(token, cancellationToken);
        if (link.State != LinkState.Valid)
        {
            return (link.State, null);
        }
        var programme = await programmes.FindAsync(link.ProgrammeId!, cancellationToken);
        return programme is null
            ? (LinkState.Revoked, null)
            : (LinkState.Valid, ProgrammeCalendar.Write(programme, programme.CancelledAt is null ? ProgrammeCalendar.Kind.Confirmation : ProgrammeCalendar.Kind.Cancel));
    }

    /// <summary>
    /// Called when an offer's time is up; if it was not taken, the place goes to the next in line. Offers are
    /// now ended by <see cref="OwedWorkDrainer"/>; this serves the expiry orchestrations started before that.
    /// </summary>
    public async Task<int> ExpireOfferAsync(SeatOffer offer)
    {
        var outcome = await seats.ExpireOfferAsync(offer.ProgrammeId, offer.ParticipantId, offer.ExpiresAt);
        return outcome.NewOffers.Count;
    }

    bool IsClosed(Programme programme) =>
        programme.CancelledAt is not null || programme.Clock.ToProgramme(time.GetUtcNow()) >= programme.EnrolmentDeadline;

    async Task<int?> WaitlistPositionAsync(string programmeId, Participant participant, CancellationToken cancellationToken)
    {
        if (participant.Status != AnswerStatus.Waitlisted || participant.WaitlistSeq is not { } seq)
        {
            return null;
        }
        // The roster read lays the seat book's journal over the rows, so a place just given is counted.
        var ahead = (await programmes.ParticipantsAsync(programmeId, cancellationToken))
            .Count(p => !p.Removed && p.Status == AnswerStatus.Waitlisted && p.WaitlistSeq < seq);
        return ahead + 1;
    }

    static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
