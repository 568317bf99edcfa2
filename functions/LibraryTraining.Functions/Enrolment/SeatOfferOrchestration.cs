using LibraryTraining.Enrolment;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LibraryTraining.Functions.Enrolment;

/// <summary>
/// One small orchestration per offered place: a durable timer until the offer's expiry, then the seat
/// book ends the offer if it was not taken and offers the place to the next person in line. New offers
/// are ended by the owed-work sweep instead (an expiry row written with the offer); this stays for the
/// instances started before, until none is left.
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
    public Task<int> ExpireSeatOffer([ActivityTrigger] SeatOffer offer) => answers.ExpireOfferAsync(offer);
}
