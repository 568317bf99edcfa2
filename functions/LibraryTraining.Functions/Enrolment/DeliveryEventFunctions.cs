using System.Text;
using System.Text.Json;
using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LibraryTraining.Functions.Enrolment;

/// <summary>SendGrid's Event Webhook. Anonymous to the host, because SendGrid signs each call instead.</summary>
public sealed class DeliveryEventFunctions(DeliveryEvents events)
{
    const int MaxBytes = 4 * 1024 * 1024;

    [Function("SendGridEvents")]
    public async Task<IActionResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sendgrid/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!events.IsConfigured)
        {
            return ApiResults.Error(401, "The event webhook is not set up: set SENDGRID_WEBHOOK_PUBLIC_KEY to the verification key from SendGrid's settings.");
        }
        if (request.ContentLength is > MaxBytes)
        {
            return ApiResults.Error(413, "The body is larger than 4 MiB.");
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        // The signature covers the exact bytes sent, so verify before parsing anything.
        if (!events.Verify(payload, request.Headers[DeliveryEvents.SignatureHeader].FirstOrDefault(), request.Headers[DeliveryEvents.TimestampHeader].FirstOrDefault()))
        {
            return ApiResults.Error(403, "The signature does not match this body; only SendGrid can post here.");
        }
        try
        {
            var recorded = await events.RecordAsync(payload, cancellationToken);
            return ApiResults.Json(new { recorded });
        }
        catch (JsonException)
        {
            return ApiResults.Error(400, "The body must be SendGrid's JSON array of events.");
        }
    }
}
