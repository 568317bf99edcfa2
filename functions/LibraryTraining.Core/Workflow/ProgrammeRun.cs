namespace LibraryTraining.Workflow;

/// <summary>
/// The orchestration's input: the programme's id and the steps already done. It is carried across
/// ContinueAsNew, which restarts history after each schedule change so history never grows unbounded.
/// </summary>
/// <param name="ScheduleRevision">
/// The schedule revision participants have been told of (0: the one they were invited with). A plan with a
/// newer revision is a schedule change, even if its event went astray (version 2 on).
/// </param>
public sealed record ProgrammeRun(string ProgrammeId, IReadOnlyList<string> Done, int Version = ProgrammeRun.CurrentVersion, int ScheduleRevision = 0)
{
    /// <summary>Raised when the orchestration's sequence of durable calls changes; see docs/architecture.md.</summary>
    /// <remarks>
    /// 1: the first release. 2: the definition is the truth, events a prompt: a plan that says cancelled cancels,
    /// a newer schedule revision is a change, and an event that came in while an activity ran is acted on
    /// before the run continues or ends.
    /// </remarks>
    public const int CurrentVersion = 2;

    public const string Orchestrator = "ProgrammeOrchestration";
    public const string CancelEvent = "programme-cancelled";
    public const string ScheduleChangedEvent = "schedule-changed";

    /// <summary>Deterministic, so an event or a status query can find the run from the programme id alone.</summary>
    public static string InstanceId(string programmeId) => $"programme-{programmeId}";
}
