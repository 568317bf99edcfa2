using System.Security.Cryptography;
using LibraryTraining.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Programmes;

public sealed record ProgrammeCounts(int Invited, int Accepted, int Declined, int Pending, int Waitlisted, int Bounced);

/// <summary>A programme as organisers see it: its definition, where it stands, and its numbers.</summary>
public sealed record ProgrammeView(Programme Programme, string Phase, NextStep? NextStep, ProgrammeCounts Counts);

/// <summary>Creating, reading, editing and cancelling programmes, and keeping their orchestrations in step.</summary>
public sealed class ProgrammeService(ProgrammeStore store, TimeProvider time)
{
    public sealed record Created(Programme? Programme, IReadOnlyList<Problem> Problems);

    /// <summary>
    /// Validates, stores, then starts the orchestration under an id derived from the programme id,
    /// before any email that points at it can go out.
    /// </summary>
    public async Task<Created> CreateAsync(ProgrammeRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var result = ProgrammeValidator.Validate(request, NewId(), time.GetUtcNow());
        if (!result.IsValid)
        {
            return new Created(null, result.Problems);
        }
        var programme = result.Programme!;
        if (ProgrammeStore.Serialize(programme).Length > ProgrammeStore.MaxDefinitionChars)
        {
            return new Created(null, [new Problem("days", "The schedule is too long to store; split it into separate programmes.")]);
        }
        await store.CreateAsync(programme, result.Participants, cancellationToken);
        await durable.ScheduleNewOrchestrationInstanceAsync(ProgrammeRun.Orchestrator, new ProgrammeRun(programme.Id, []),
            new StartOrchestrationOptions(ProgrammeRun.InstanceId(programme.Id)), cancellationToken);
        return new Created(programme, []);
    }

    public async Task<ProgrammeView?> ViewAsync(string id, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var programme = await store.FindAsync(id, cancellationToken);
        if (programme is null)
        {
            return null;
        }
        var roster = await store.ParticipantsAsync(id, cancellationToken);
        var instance = await durable.GetInstanceAsync(ProgrammeRun.InstanceId(id), getInputsAndOutputs: true, cancellationToken);
        var status = instance?.ReadCustomStatusAs<ProgrammeStatus>();
        var phase = programme.CancelledAt is not null ? "cancelled" : status?.Phase ?? "inviting";
        return new ProgrammeView(programme, phase, programme.CancelledAt is null ? status?.NextStep : null, CountsOf(roster));
    }

    public static ProgrammeCounts CountsOf(IReadOnlyList<Participant> roster)
    {
        var present = roster.Where(p => !p.Removed).ToList();
        return new ProgrammeCounts(
            Invited: present.Count(p => p.InvitedAt is not null),
            Accepted: present.Count(p => p.Status == AnswerStatus.Accepted),
            Declined: present.Count(p => p.Status == AnswerStatus.Declined),
            Pending: present.Count(p => p.Status is AnswerStatus.Invited or AnswerStatus.NoAnswer),
            Waitlisted: present.Count(p => p.Status is AnswerStatus.Waitlisted or AnswerStatus.Offered),
            Bounced: present.Count(p => p.Bounced));
    }

    /// <summary>
    /// Records the cancellation in the definition first (ETag-checked, so it survives a schedule change
    /// written at the same moment), then tells the orchestration. The definition is the truth: the
    /// orchestration also finds the cancellation there, should the event ever go astray.
    /// </summary>
    public async Task<Programme?> CancelAsync(string id, string reason, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (programme, _) = await store.UpdateAsync(id,
            p => p.CancelledAt is null ? p with { CancelledAt = now, CancellationReason = reason } : null, cancellationToken);
        if (programme is null)
        {
            return null;
        }
        // Raised every time, so a retried request after a crash still reaches the orchestration.
        await durable.RaiseEventAsync(ProgrammeRun.InstanceId(id), ProgrammeRun.CancelEvent, reason, cancellationToken);
        return programme;
    }

    public static readonly Problem Cancelled = new("id", "This programme was cancelled; its schedule can no longer change.");

    /// <summary>
    /// Replaces the schedule. The orchestration re-plans, and sends one update per burst of edits. The new
    /// schedule is written only over the definition it was decided on; when a cancellation (or another
    /// change) lands in between, it is decided again on the new definition, so a cancelled programme
    /// always answers with <see cref="Cancelled"/>.
    /// </summary>
    public async Task<(Programme? Programme, IReadOnlyList<Problem> Problems)> ChangeScheduleAsync(
        string id, List<DayRequest>? days, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        IReadOnlyList<Problem> problems = [];
        var (stored, written) = await store.UpdateAsync(id, programme =>
        {
            problems = ScheduleProblems(programme, days, out var changed);
            return changed;
        }, cancellationToken);
        if (stored is null || !written)
        {
            return (stored, problems);
        }
        await durable.RaiseEventAsync(ProgrammeRun.InstanceId(id), ProgrammeRun.ScheduleChangedEvent, stored.ScheduleRevision, cancellationToken);
        return (stored, []);
    }

    /// <summary>What is wrong with <paramref name="days"/> as this programme's schedule; otherwise the programme with it, a revision on.</summary>
    static List<Problem> ScheduleProblems(Programme programme, List<DayRequest>? days, out Programme? changed)
    {
        changed = null;
        if (programme.CancelledAt is not null)
        {
            return [Cancelled];
        }
        var result = ProgrammeValidator.Validate(ToRequest(programme) with { Days = days }, programme.Id, programme.CreatedAt);
        var problems = result.Problems.Where(p => !p.Field.StartsWith("participants", StringComparison.Ordinal)).ToList();
        if (problems.Count > 0)
        {
            return problems;
        }
        var candidate = programme with { Days = result.Programme!.Days, ScheduleRevision = programme.ScheduleRevision + 1 };
        if (ProgrammeStore.Serialize(candidate).Length > ProgrammeStore.MaxDefinitionChars)
        {
            return [new Problem("days", "The schedule is too long to store; split it into separate programmes.")];
        }
        changed = candidate;
        return [];
    }

    static ProgrammeRequest ToRequest(Programme p) => new()
    {
        Title = p.Title,
        TitleEn = p.TitleEn,
        TimeZone = p.TimeZone,
        Language = p.Language,
        Venue = p.Venue,
        Capacity = p.Capacity,
        EnrolmentDeadline = p.EnrolmentDeadline.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        Organisers = p.Organisers.Select(o => new OrganiserRequest { Name = o.Name, Email = o.Email, Language = o.Language }).ToList(),
    };

    /// <summary>12 characters of [a-z0-9]: 62 bits, unguessable enough for an id that is not a secret.</summary>
    static string NewId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, 12);
    }
}
