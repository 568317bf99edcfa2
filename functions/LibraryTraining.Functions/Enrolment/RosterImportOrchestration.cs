using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Functions.Enrolment;

/// <summary>
/// Invites the participants an add or a CSV import stored, a chunk per activity, so a large roster is
/// invited after the request has answered and an instance stopped part-way loses nothing. The custom
/// status says how far it got; its output is how many invitations went out.
/// </summary>
public static class RosterImportOrchestration
{
    [Function(RosterImport.Orchestrator)]
    public static async Task<int> Run([OrchestrationTrigger] TaskOrchestrationContext context, RosterImport import)
    {
        var invited = 0;
        context.SetCustomStatus(new RosterImportProgress(import.Total, invited));
        // Just after creation the programme's own invitation step may still be sending to this roster: let it
        // finish first (for at most five minutes), so no invitation goes out twice.
        for (var wait = 0; wait < 150; wait++)
        {
            if (await context.CallActivityAsync<bool>(nameof(RosterImportActivities.ProgrammeInvitationsSent), import.ProgrammeId, ProgrammeOrchestration.Retry))
            {
                break;
            }
            await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(2), CancellationToken.None);
        }
        for (var chunk = 0; chunk < import.Chunks; chunk++)
        {
            invited += await context.CallActivityAsync<int>(nameof(RosterImportActivities.InviteImportedParticipants),
                new RosterImportChunk(import.ProgrammeId, import.ImportId, chunk), ProgrammeOrchestration.Retry);
            context.SetCustomStatus(new RosterImportProgress(import.Total, invited));
        }
        return invited;
    }
}

public sealed class RosterImportActivities(RosterService roster)
{
    [Function(nameof(ProgrammeInvitationsSent))]
    public Task<bool> ProgrammeInvitationsSent([ActivityTrigger] string programmeId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        RosterService.ProgrammeInvitationsSentAsync(programmeId, durable, cancellationToken);

    [Function(nameof(InviteImportedParticipants))]
    public Task<int> InviteImportedParticipants([ActivityTrigger] RosterImportChunk chunk, CancellationToken cancellationToken) =>
        roster.InviteImportedAsync(chunk, cancellationToken);
}
