using LibraryTraining.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Functions.Workflow;

/// <summary>The programme orchestration's activities: thin calls into <see cref="ProgrammeSteps"/>.</summary>
public sealed class ProgrammeActivities(ProgrammeSteps steps, ILogger<ProgrammeActivities> logger)
{
    [Function(nameof(LoadProgrammePlan))]
    public Task<ProgrammePlan> LoadProgrammePlan([ActivityTrigger] string programmeId, CancellationToken cancellationToken) =>
        steps.PlanAsync(programmeId, cancellationToken);

    [Function(nameof(RunProgrammeStep))]
    public async Task<int> RunProgrammeStep([ActivityTrigger] StepRun run, CancellationToken cancellationToken)
    {
        var sent = await steps.RunAsync(run.ProgrammeId, run.Step, cancellationToken);
        logger.LogInformation("Programme {ProgrammeId}: step {Step} done, {Sent} emails sent", run.ProgrammeId, run.Step.Id, sent);
        return sent;
    }

    [Function(nameof(SendScheduleUpdate))]
    public Task<int> SendScheduleUpdate([ActivityTrigger] ScheduleUpdate update, CancellationToken cancellationToken) =>
        steps.SendScheduleUpdateAsync(update.ProgrammeId, update.Revision, cancellationToken);

    [Function(nameof(SendCancellation))]
    public Task<int> SendCancellation([ActivityTrigger] string programmeId, CancellationToken cancellationToken) =>
        steps.SendCancellationAsync(programmeId, cancellationToken);
}
