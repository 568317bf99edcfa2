using LibraryTraining.Programmes;
using LibraryTraining.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Enrolment;

/// <summary>The roster after a programme is created: adding, importing, removing, listing, and reissuing links.</summary>
public sealed class RosterService(ProgrammeStore programmes, ProgrammeSteps steps, SeatBook seats, ParticipantLinks links,
    Messaging.PublicLinks publicLinks, TimeProvider time, Storage.StorageTables storage)
{
    readonly RosterImportStore imports = new(storage);

    public sealed record Added(bool Found, IReadOnlyList<Participant> Participants, IReadOnlyList<Problem> Problems, RosterImport? Import);

    /// <summary>
    /// Validates every new participant first (against each other and the roster) and stores nothing if
    /// any is wrong; then stores them all and hands their invitations to a durable import (none when
    /// enrolment has closed). A retried request with the same <paramref name="importId"/> finds its import
    /// and starts nothing new; one that stopped part-way stores the rest.
    /// </summary>
    public async Task<Added> AddAsync(string programmeId, IReadOnlyList<ParticipantRequest> requests, string field, string importId,
        DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return new Added(false, [], [], null);
        }
        var earlier = await this.imports.FindAsync(programmeId, importId, cancellationToken);
        if (earlier is { Stored: true })
        {
            await StartAsync(earlier, durable, cancellationToken);
            return new Added(true, [], [], earlier.Import);
        }
        if (programme.CancelledAt is not null)
        {
            return new Added(true, [], [new Problem("id", "This programme was cancelled; nobody can be added.")], null);
        }
        // Participants an interrupted try of this same import stored already are its own, not duplicates.
        var ours = earlier?.Ids.ToHashSet(StringComparer.Ordinal) ?? [];
        var roster = (await programmes.ParticipantsAsync(programmeId, cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var problems = new List<Problem>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var added = new List<Participant>();
        if (requests.Count == 0)
        {
            problems.Add(new(field, "Send at least one participant."));
        }
        if (roster.Count(p => !ours.Contains(p.Key)) + requests.Count > ProgrammeValidator.MaxParticipants)
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
                if (ours.Contains(participant.Id))
                {
                    added.Add(existing);
                    continue;
                }
                problems.Add(new($"{at}.email", $"{participant.Email} is already on the roster."));
                continue;
            }
            // Someone removed earlier comes back as new, with a fresh link.
            // The answer version keeps rising, so an older journalled answer never lays "removed" over them again.
            added.Add(existing is null ? participant : participant with { LinkGeneration = existing.LinkGeneration + 1, AnswerVersion = existing.AnswerVersion + 1 });
        }
        if (problems.Count > 0)
        {
            return new Added(true, [], problems, null);
        }
        var closed = programme.Clock.ToProgramme(time.GetUtcNow()) >= programme.EnrolmentDeadline;
        // The import's row first: a retry after a crash part-way then knows which stored participants are its own.
        var import = new RosterImportRecord(programmeId, importId, added.Select(p => p.Id).ToList(), Invite: !closed, Stored: false, time.GetUtcNow());
        await this.imports.SaveAsync(import, cancellationToken);
        await programmes.AddParticipantsAsync(programmeId, added, cancellationToken);
        seats.Forget(programmeId);
        await this.imports.MarkStoredAsync(programmeId, importId, cancellationToken);
        await StartAsync(import, durable, cancellationToken);
        return new Added(true, added, [], import.Import);
    }

    /// <summary>Starts the import's invitations unless they are started already (or nobody is to be invited).</summary>
    static async Task StartAsync(RosterImportRecord import, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var instanceId = RosterImport.InstanceId(import.ProgrammeId, import.ImportId);
        if (!import.Invite || import.Ids.Count == 0 || await durable.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return;
        }
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(RosterImport.Orchestrator, import.Import, new StartOrchestrationOptions(instanceId), cancellationToken);
        }
        catch (Exception e) when (e.Message.Contains("exist", StringComparison.OrdinalIgnoreCase))
        {
            // Started by a concurrent retry between the check and here.
        }
    }

    /// <summary>Where an import stands: its row says what it added, its orchestration how far the invitations got.</summary>
    public async Task<RosterImportView?> ImportAsync(string programmeId, string importId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var import = await this.imports.FindAsync(programmeId, importId, cancellationToken);
        if (import is null)
        {
            return null;
        }
        var total = import.Ids.Count;
        if (import.Stored && (!import.Invite || total == 0))
        {
            return new RosterImportView(importId, "completed", total, 0);
        }
        var instance = await durable.GetInstanceAsync(RosterImport.InstanceId(programmeId, importId), getInputsAndOutputs: true, cancellationToken);
        var invited = instance?.ReadCustomStatusAs<RosterImportProgress>()?.Invited ?? 0;
        return instance?.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => new RosterImportView(importId, "completed", total, instance.ReadOutputAs<int>()),
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => new RosterImportView(importId, "failed", total, invited),
            _ => new RosterImportView(importId, "running", total, invited),
        };
    }

    /// <summary>
    /// Whether the programme's own invitation step is behind it. Until then an import waits: that step invites
    /// everyone on the roster who has no answer, so both would send the same invitations at the same moment,
    /// and the mail ledger keeps a key once only when its sends follow each other.
    /// </summary>
    public static async Task<bool> ProgrammeInvitationsSentAsync(string programmeId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var instance = await durable.GetInstanceAsync(ProgrammeRun.InstanceId(programmeId), getInputsAndOutputs: true, cancellationToken);
        if (instance is null || instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending))
        {
            return true;
        }
        // The status names the next step from the first plan on; until then the invitations are still to come.
        return instance.ReadCustomStatusAs<ProgrammeStatus>() is { } status
            && (status.NextStep is null || status.NextStep.What != ProgrammeTimeline.Describe(StepKind.Invite));
    }

    /// <summary>
    /// Invites one chunk of an import, unless the programme was cancelled meanwhile. Idempotent: the mail
    /// ledger drops an invitation already sent. Someone re-added after a removal is invited again, under a
    /// key of their new link generation. Returns how many of the chunk stand invited afterwards, counted on
    /// the roster, so a retried chunk still counts what its first try sent.
    /// </summary>
    public async Task<int> InviteImportedAsync(RosterImportChunk chunk, CancellationToken cancellationToken)
    {
        var import = await this.imports.FindAsync(chunk.ProgrammeId, chunk.ImportId, cancellationToken)
            ?? throw new InvalidOperationException($"Import {chunk.ImportId} of programme {chunk.ProgrammeId} does not exist.");
        var programme = await programmes.FindAsync(chunk.ProgrammeId, cancellationToken);
        if (programme is null || programme.CancelledAt is not null)
        {
            return 0;
        }
        var slice = import.Ids.Skip(chunk.Chunk * RosterImport.ChunkSize).Take(RosterImport.ChunkSize).ToHashSet(StringComparer.Ordinal);
        var generations = (await programmes.ParticipantsAsync(chunk.ProgrammeId, cancellationToken))
            .Where(p => slice.Contains(p.Id) && !p.Removed)
            .GroupBy(p => p.LinkGeneration, p => p.Id);
        foreach (var generation in generations)
        {
            var ids = generation.ToHashSet(StringComparer.Ordinal);
            await steps.InviteAsync(programme, p => ids.Contains(p.Id), cancellationToken,
                generation.Key == 0 ? "invite" : $"invite-g{generation.Key}");
        }
        return (await programmes.ParticipantsAsync(chunk.ProgrammeId, ["PartitionKey", "RowKey", "InvitedAt", "Removed", "AnswerVersion", "Status"], cancellationToken))
            .Count(p => slice.Contains(p.Id) && !p.Removed && p.InvitedAt is not null);
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
