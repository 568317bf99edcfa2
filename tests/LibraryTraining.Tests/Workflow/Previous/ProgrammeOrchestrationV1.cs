using LibraryTraining.Functions.Workflow;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LibraryTraining.Tests.Workflow.Previous;

/// <summary>
/// FROZEN: the orchestrator as last released in version 1 (with activity retries), kept to prove that the
/// current code finishes instances it started. Do not edit; replace it with the next release's copy when
/// the version moves.
/// One orchestration per programme: invite → collect answers → close enrolment → each day → wrap up.
/// The timeline comes from pure functions in Core; this only waits for each step, and reacts to
/// a cancellation or a schedule change at any point.
/// </summary>
public static class ProgrammeOrchestrationV1
{
    /// <summary>How long the schedule must stay unchanged before participants are told.</summary>
    public static readonly TimeSpan ScheduleQuietPeriod = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Organisers edit in real time even when the programme's clock is compressed, so the quiet period
    /// never shrinks below this much wall-clock time.
    /// </summary>
    public static readonly TimeSpan MinimumRealQuietPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Storage or SendGrid may be down for a while: an activity is retried for an hour before the programme
    /// gives up. The wait between attempts doubles from 2 s but never passes 30 s, so once storage is back
    /// the step runs within half a minute, not after a wait that grew through the outage. Each retry is
    /// safe because every send is idempotent.
    /// </summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 150, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30), retryTimeout: TimeSpan.FromHours(1)));

    enum Wake { Due, Cancelled, ScheduleChanged }

    [Function(ProgrammeRun.Orchestrator)]
    public static async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context, ProgrammeRun run)
    {
        var done = new HashSet<string>(run.Done, StringComparer.Ordinal);
        var cancelled = context.WaitForExternalEvent<string>(ProgrammeRun.CancelEvent);
        var changed = context.WaitForExternalEvent<int>(ProgrammeRun.ScheduleChangedEvent);

        while (true)
        {
            var plan = await context.CallActivityAsync<ProgrammePlan>(nameof(ProgrammeActivities.LoadProgrammePlan), run.ProgrammeId, Retry);
            var next = ProgrammeTimeline.NextStep(plan.Steps, done);
            if (next is null)
            {
                context.SetCustomStatus(new ProgrammeStatus(WireNames.Of(Phase.Completed), null));
                return WireNames.Of(Phase.Completed);
            }

            var now = plan.Clock.ToProgramme(context.CurrentUtcDateTime);
            var phase = ProgrammeTimeline.PhaseOf(done, now, plan.FirstMoment, plan.LastMoment);
            context.SetCustomStatus(new ProgrammeStatus(WireNames.Of(phase),
                new NextStep(ProgrammeTimeline.Describe(next.Kind), next.Due, plan.Clock.ToReal(next.Due))));

            switch (await WaitUntilAsync(context, plan.Clock.ToReal(next.Due), cancelled, changed))
            {
                case Wake.Cancelled:
                    return await CancelAsync(context, run.ProgrammeId);
                case Wake.ScheduleChanged:
                    if (await AwaitQuietScheduleAsync(context, plan.Clock, cancelled) == Wake.Cancelled)
                    {
                        return await CancelAsync(context, run.ProgrammeId);
                    }
                    var latest = await context.CallActivityAsync<ProgrammePlan>(nameof(ProgrammeActivities.LoadProgrammePlan), run.ProgrammeId, Retry);
                    await context.CallActivityAsync<int>(nameof(ProgrammeActivities.SendScheduleUpdate),
                        new ScheduleUpdate(run.ProgrammeId, latest.ScheduleRevision), Retry);
                    // A fresh history per schedule change keeps it bounded however often the schedule moves.
                    context.ContinueAsNew(new ProgrammeRun(run.ProgrammeId, [.. done]), preserveUnprocessedEvents: true);
                    return "continued";
                default:
                    await context.CallActivityAsync<int>(nameof(ProgrammeActivities.RunProgrammeStep), new StepRun(run.ProgrammeId, next), Retry);
                    done.Add(next.Id);
                    break;
            }
        }
    }

    static async Task<Wake> WaitUntilAsync(TaskOrchestrationContext context, DateTimeOffset due, Task<string> cancelled, Task<int> changed)
    {
        using var timerCancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(due.UtcDateTime, timerCancellation.Token);
        var winner = await Task.WhenAny(timer, cancelled, changed);
        if (winner != timer)
        {
            timerCancellation.Cancel();
        }
        return winner == cancelled ? Wake.Cancelled : winner == changed ? Wake.ScheduleChanged : Wake.Due;
    }

    /// <summary>
    /// Waits until the schedule has been left alone for the quiet period, so a burst of edits gives one
    /// email. After 50 edits in one burst participants are told anyway, which also bounds history.
    /// </summary>
    static async Task<Wake> AwaitQuietScheduleAsync(TaskOrchestrationContext context, ProgrammeClock clock, Task<string> cancelled)
    {
        for (var edit = 0; edit < 50; edit++)
        {
            var quiet = ScheduleQuietPeriod / clock.Speed;
            var quietUntil = context.CurrentUtcDateTime + (quiet < MinimumRealQuietPeriod ? MinimumRealQuietPeriod : quiet);
            var again = context.WaitForExternalEvent<int>(ProgrammeRun.ScheduleChangedEvent);
            var wake = await WaitUntilAsync(context, quietUntil, cancelled, again);
            if (wake != Wake.ScheduleChanged)
            {
                return wake;
            }
        }
        return Wake.Due;
    }

    static async Task<string> CancelAsync(TaskOrchestrationContext context, string programmeId)
    {
        context.SetCustomStatus(new ProgrammeStatus(WireNames.Of(Phase.Cancelled), null));
        await context.CallActivityAsync<int>(nameof(ProgrammeActivities.SendCancellation), programmeId, Retry);
        return WireNames.Of(Phase.Cancelled);
    }
}
