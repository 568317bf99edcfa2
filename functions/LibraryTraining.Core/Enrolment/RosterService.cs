using LibraryTraining.Programmes;
using LibraryTraining.Workflow;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Enrolment;

/// <summary>The roster after a programme is created: adding, importing, removing, listing, and reissuing links.</summary>
public sealed class RosterService(ProgrammeStore programmes, ProgrammeSteps steps, SeatBook seats, ParticipantLinks links,
    Messaging.PublicLinks publicLinks, TimeProvider time)
{
    public sealed record Added(bool Found, IReadOnlyList<Participant> Participants, IReadOnlyList<Problem> Problems, int Invited);

    /// <summary>
    /// Validates every new participant first (against each other and the roster) and stores nothing if
    /// any is wrong; then stores them all and invites them, unless enrolment has closed.
    /// </summary>
    public async Task<Added> AddAsync(string programmeId, IReadOnlyList<ParticipantRequest> requests, string field, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return new Added(false, [], [], 0);
        }
        if (programme.CancelledAt is not null)
        {
            return new Added(true, [], [new Problem("id", "This programme was cancelled; nobody can be added.")], 0);
        }
        var roster = (await programmes.ParticipantsAsync(programmeId, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var problems = new List<Problem>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var added = new List<Participant>();
        if (requests.Count == 0)
        {
            problems.Add(new(field, "Send at least one participant."));
        }
        if (roster.Count + requests.Count > ProgrammeValidator.MaxParticipants)
        {
            problems.Add(new(field, $"A programme holds at most {ProgrammeValidator.MaxParticipants} participants."));
        }
        for (var i = 0; i < requests.Count && problems.Count < 200; i++)
        {
            var at = $"{field}[{i}]";
            var participant = ProgrammeValidator.ParticipantOf(requests[i], at, programme.Language, seen, problems);
            if (participant is null)
            {
                continue;
            }
            if (roster.TryGetValue(participant.Id, out var existing) && !existing.Removed)
            {
                problems.Add(new($"{at}.email", $"{participant.Email} is already on the roster."));
                continue;
            }
            // Someone removed earlier comes back as new, with a fresh link.
            // The answer version keeps rising, so an older journalled answer never lays "removed" over them again.
            added.Add(existing is null ? participant : participant with { LinkGeneration = existing.LinkGeneration + 1, AnswerVersion = existing.AnswerVersion + 1 });
        }
        if (problems.Count > 0)
        {
            return new Added(true, [], problems, 0);
        }
        await programmes.SaveParticipantsAsync(programmeId, added, cancellationToken);
        seats.Forget(programmeId);
        var closed = programme.Clock.ToProgramme(time.GetUtcNow()) >= programme.EnrolmentDeadline;
        var ids = added.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var invited = closed ? 0 : await steps.InviteAsync(programme, p => ids.Contains(p.Id), cancellationToken);
        return new Added(true, added, [], invited);
    }

    /// <summary>Takes someone off the roster; their link stops working and a place they held is offered on.</summary>
    public async Task<bool?> RemoveAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var participant = await programmes.FindParticipantAsync(programmeId, participantId, cancellationToken);
        if (participant is null)
        {
            return null;
        }
        await seats.RemoveAsync(programmeId, participantId);
        await links.RevokeAsync(programmeId, participantId, participant.LinkGeneration, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<RosterEntry>?> ListAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }
        var closed = programme.Clock.ToProgramme(time.GetUtcNow()) >= programme.EnrolmentDeadline;
        return (await programmes.ParticipantsAsync(programmeId, cancellationToken))
            .Where(p => !p.Removed)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new RosterEntry(p.Id, p.Name, p.Email, WireNames.Of(p.Role), p.Site, p.Language, StatusOf(p, closed)))
            .ToList();
    }

    /// <summary>invited | accepted | declined | waitlisted | offered | no-answer (not invited yet, or silent when enrolment closed).</summary>
    public static string StatusOf(Participant p, bool enrolmentClosed) => p.Status switch
    {
        AnswerStatus.Accepted => "accepted",
        AnswerStatus.Declined => "declined",
        AnswerStatus.Waitlisted => "waitlisted",
        AnswerStatus.Offered => "offered",
        _ => p.InvitedAt is not null && !enrolmentClosed ? "invited" : "no-answer",
    };

    /// <summary>A new link for one participant; the old one stops working at once.</summary>
    public async Task<Uri?> ReissueLinkAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        var participant = programme is null ? null : await programmes.FindParticipantAsync(programmeId, participantId, cancellationToken);
        if (programme is null || participant is null || participant.Removed)
        {
            return null;
        }
        var changed = await programmes.UpdateParticipantsAsync(programmeId, [participantId],
            p => p with { LinkGeneration = p.LinkGeneration + 1 }, cancellationToken);
        var generation = changed.Single().LinkGeneration;
        for (var old = 0; old < generation; old++)
        {
            await links.RevokeAsync(programmeId, participantId, old, cancellationToken);
        }
        seats.Forget(programmeId);
        // A seat book on another instance holds the old generation in memory: make its next write reload.
        await programmes.TouchSeatsAsync(programmeId, cancellationToken);
        var token = await links.IssueAsync(programmeId, participantId, generation,
            ProgrammeTime.LastMomentOf(programme) + ParticipantLinks.ValidAfterProgramme, cancellationToken);
        return publicLinks.Answer(token);
    }
}
