using LibraryTraining.Enrolment;
using LibraryTraining.Programmes;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Status;

/// <summary>Reads what the organiser dashboard shows: partition reads of one programme, and its orchestration's status.</summary>
public sealed class DashboardService(ProgrammeService programmes, ProgrammeStore store, RegistrationDetailsStore details,
    DailyStatusService status, IMediaCounts media, TimeProvider time)
{
    public async Task<DashboardModel?> LoadAsync(string programmeId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var view = await programmes.ViewAsync(programmeId, durable, cancellationToken);
        if (view is null)
        {
            return null;
        }
        var roster = store.ParticipantsAsync(programmeId, cancellationToken);
        var registered = details.ListAsync(programmeId, cancellationToken);
        var counts = media.CountAsync(view.Programme, cancellationToken);
        var last = status.LastSentAsync(programmeId, cancellationToken);
        var report = StatusReport.Build(view.Programme, await roster, await counts, time.GetUtcNow(), await last);
        return new DashboardModel(view, report, await roster, await registered, await last);
    }
}
