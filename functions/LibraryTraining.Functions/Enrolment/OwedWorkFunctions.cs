using LibraryTraining.Enrolment;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Functions.Enrolment;

/// <summary>
/// The sweep for work that answers owe (mails an instance did not get to send, offers that ran out).
/// A timer, because the platform runs it durably on one instance at a time whichever instances live;
/// every 15 s by default (LIBRARYTRAINING_OWED_WORK_SCHEDULE), so a stopped instance's mails go out
/// within about half a minute.
/// </summary>
public sealed class OwedWorkFunctions(OwedWorkDrainer drainer, ILogger<OwedWorkFunctions> logger)
{
    [Function("DrainOwedWork")]
    public async Task Drain([TimerTrigger("%LIBRARYTRAINING_OWED_WORK_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var outcome = await drainer.DrainAsync(cancellationToken);
        if (outcome.RowsDone > 0 || outcome.Failed > 0)
        {
            logger.LogInformation("Owed work: {Checked} programmes checked, {Rows} rows done, {Mails} mails sent, {Offers} offers ended, {Failed} failed",
                outcome.ProgrammesChecked, outcome.RowsDone, outcome.MailsSent, outcome.OffersEnded, outcome.Failed);
        }
    }
}
