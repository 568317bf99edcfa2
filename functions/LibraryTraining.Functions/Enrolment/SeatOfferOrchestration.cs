using LibraryTraining.Enrolment;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Functions.Enrolment;

/// <summary>
/// One small orchestration per offered place: a durable timer until the offer's expiry, then the seat
/// book ends the offer if it was not taken and offers the place to the next person in line.
/// </summary>
public static class SeatOfferOrchestration
{
    [Function(SeatOffer.Orchestrator)]
    public static async Task<int> Run([OrchestrationTrigger] TaskOrchestrationContext context, SeatOffer offer)
    {
        if (offer.ExpiresAt.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreateTimer(offer.ExpiresAt.UtcDateTime, CancellationToken.None);
        }
        return await context.CallActivityAsync<int>(nameof(SeatOfferActivities.ExpireSeatOffer), offer, Workflow.ProgrammeOrchestration.Retry);
    }
}

public sealed class SeatOfferActivities(AnswerService answers)
{
    [Function(nameof(ExpireSeatOffer))]
    public Task<int> ExpireSeatOffer([ActivityTrigger] SeatOffer offer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        answers.ExpireOfferAsync(offer, durable, cancellationToken);
}
