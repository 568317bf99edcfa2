namespace LibraryTraining.Workflow;

/// <summary>
/// The orchestration's input: the programme's id and the steps already done. It is carried across
/// ContinueAsNew, which restarts history after each schedule change so history never grows unbounded.
/// </summary>
public sealed record ProgrammeRun(string ProgrammeId, IReadOnlyList<string> Done, int Version = ProgrammeRun.CurrentVersion)
{
    /// <summary>Raised when the orchestration's sequence of durable calls changes; see docs/architecture.md.</summary>
    public const int CurrentVersion = 1;

    public const string Orchestrator = "ProgrammeOrchestration";
    public const string CancelEvent = "programme-cancelled";
    public const string ScheduleChangedEvent = "schedule-changed";

    /// <summary>Deterministic, so an event or a status query can find the run from the programme id alone.</summary>
    public static string InstanceId(string programmeId) => $"programme-{programmeId}";
}
