using System.Net;
using LibraryTraining.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;
using SendGrid.Helpers.Reliability;

namespace LibraryTraining.Messaging;

/// <summary>
/// Sends through SendGrid's v3 API with the SendGrid SDK. Messages whose content is identical share
/// one request (up to 1,000 personalizations); programme and participant ids travel in custom_args so
/// the Event Webhook can tie delivery events back. 429 and 5xx answers are retried with backoff,
/// honouring Retry-After.
/// </summary>
public sealed class SendGridMailSender : IMailSender
{
    public const int MaxPersonalizations = 1000;
    const int MaxAttempts = 6;
    readonly SendGridClient client;
    readonly EmailAddress from;
    readonly ILogger<SendGridMailSender> logger;
    readonly TimeProvider time;

    public SendGridMailSender(IConfiguration configuration, ILogger<SendGridMailSender> logger, TimeProvider time, IHttpClientFactory? httpClients = null)
    {
        var apiKey = configuration[AppSettings.SendGridApiKey];
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new InvalidOperationException($"Set {AppSettings.SendGridApiKey} (kept in Key Vault in Azure), or {AppSettings.MailMode}=outbox to keep mail locally.");
        }
        var fromEmail = configuration[AppSettings.SendGridFromEmail];
        if (string.IsNullOrWhiteSpace(fromEmail))
        {
            throw new InvalidOperationException($"Set {AppSettings.SendGridFromEmail} to a sender address verified in SendGrid.");
        }
        var options = new SendGridClientOptions
        {
            ApiKey = apiKey,
            Host = ServiceCollectionExtensions.Setting(configuration, AppSettings.SendGridApiHost),
            // We retry ourselves, with Retry-After, so the SDK's own reliability layer stays off.
            ReliabilitySettings = new ReliabilitySettings(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
        };
        this.client = httpClients is null ? new SendGridClient(options) : new SendGridClient(httpClients.CreateClient(nameof(SendGridMailSender)), options);
        this.from = new EmailAddress(fromEmail, ServiceCollectionExtensions.Setting(configuration, AppSettings.SendGridFromName));
        this.logger = logger;
        this.time = time;
    }

    public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        foreach (var group in batch.GroupBy(m => (m.Subject, m.Html, m.Text, m.Kind)))
        {
            foreach (var chunk in group.Chunk(MaxPersonalizations))
            {
                await this.SendWithRetryAsync(this.Message(chunk), cancellationToken);
            }
        }
    }

    public SendGridMessage Message(IReadOnlyList<OutgoingMail> sameContent)
    {
        var first = sameContent[0];
        var message = new SendGridMessage
        {
            From = this.from,
            Subject = first.Subject,
            PlainTextContent = first.Text,
            HtmlContent = first.Html,
            Personalizations = sameContent.Select(m => new Personalization
            {
                Tos = [new EmailAddress(m.To, m.ToName)],
                CustomArgs = new Dictionary<string, string>
                {
                    ["programmeId"] = m.ProgrammeId,
                    ["participantId"] = m.ParticipantId ?? "",
                    ["kind"] = m.Kind.ToString(),
                    ["key"] = m.IdempotencyKey,
                },
            }).ToList(),
        };
        foreach (var attachment in first.Attachments)
        {
            message.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType);
        }
        return message;
    }

    async Task SendWithRetryAsync(SendGridMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Response? response = null;
            try
            {
                response = await this.client.SendEmailAsync(message, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts)
            {
                this.logger.LogWarning(e, "SendGrid request failed (attempt {Attempt}); retrying", attempt);
            }
            var status = response?.StatusCode;
            var retryable = status is null || status == HttpStatusCode.TooManyRequests || (int)status >= 500;
            if (!retryable || attempt >= MaxAttempts)
            {
                var body = response is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException($"SendGrid refused the message: {(int?)status} {body}");
            }
            var delay = response?.Headers.RetryAfter?.Delta
                ?? (response?.Headers.RetryAfter?.Date is { } date ? date - this.time.GetUtcNow() : (TimeSpan?)null)
                ?? TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
            this.logger.LogWarning("SendGrid answered {Status} (attempt {Attempt}); retrying in {Delay}", (int?)status, attempt, delay);
            await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, this.time, cancellationToken);
        }
    }
}
