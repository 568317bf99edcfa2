using System.Net;
using LibraryTraining.Configuration;
using LibraryTraining.Programmes;
using LibraryTraining.Telemetry;
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
public sealed partial class SendGridMailSender : IMailSender
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

    /// <summary>
    /// Mails that differ only in the recipient's name and personal link share one request: their
    /// content becomes a template with substitution tags, and each recipient's values travel in their
    /// own personalization. A mail whose template does not reproduce it exactly goes on its own.
    /// </summary>
    public Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken) =>
        this.SendAsync(batch, _ => Task.CompletedTask, cancellationToken);

    public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, Func<IReadOnlyList<OutgoingMail>, Task> delivered, CancellationToken cancellationToken)
    {
        foreach (var chunk in Group(batch).SelectMany(g => g.Chunk(MaxPersonalizations)))
        {
            await this.SendWithRetryAsync(this.Message(chunk), cancellationToken);
            // Recorded per request: if a later request fails, a retry must not resend this one.
            await delivered(chunk.Select(t => t.Mail).ToList());
        }
    }

    public const string NameTag = "{{lt-name}}";
    public const string NameHtmlTag = "{{lt-name-html}}";
    public const string TokenTag = "{{lt-token}}";

    /// <summary>One recipient's mail as a shared template plus that recipient's substitutions.</summary>
    public sealed record Templated(OutgoingMail Mail, string Subject, string Html, string Text, IReadOnlyDictionary<string, string> Substitutions);

    public static IEnumerable<IReadOnlyList<Templated>> Group(IReadOnlyList<OutgoingMail> batch) =>
        batch.Select(Template)
            .GroupBy(t => (t.Mail.Kind, t.Subject, t.Html, t.Text, Attachments: AttachmentKey(t.Mail)))
            .Select(g => (IReadOnlyList<Templated>)g.ToList());

    public static Templated Template(OutgoingMail mail)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string subject = mail.Subject, html = mail.Html, text = mail.Text;
        if (AnswerToken().Match(html) is { Success: true } token && text.Contains(token.Groups[1].Value, StringComparison.Ordinal))
        {
            values[TokenTag] = token.Groups[1].Value;
        }
        if (!string.IsNullOrWhiteSpace(mail.ToName) && mail.ToName.Length >= 2)
        {
            values[NameTag] = mail.ToName;
            values[NameHtmlTag] = WebUtility.HtmlEncode(mail.ToName);
        }
        foreach (var (tag, value) in values.OrderBy(v => v.Key == NameHtmlTag ? 0 : 1))
        {
            // The encoded name is replaced in HTML first, so the raw name tag never lands inside markup.
            if (tag != NameTag || values[NameHtmlTag] == value)
            {
                html = html.Replace(value, tag, StringComparison.Ordinal);
            }
            if (tag != NameHtmlTag)
            {
                text = text.Replace(value, tag, StringComparison.Ordinal);
                subject = subject.Replace(value, tag, StringComparison.Ordinal);
            }
        }
        if (html.Contains(NameTag, StringComparison.Ordinal) && values.GetValueOrDefault(NameHtmlTag) != values.GetValueOrDefault(NameTag))
        {
            html = html.Replace(NameTag, NameHtmlTag, StringComparison.Ordinal);
        }
        var templated = new Templated(mail, subject, html, text, values);
        // SendGrid substitutes every tag in subject and bodies; check that doing so gives back exactly this mail.
        return Substitute(subject, values) == mail.Subject && Substitute(html, values) == mail.Html && Substitute(text, values) == mail.Text
            && !values.Values.Any(v => v.Contains("{{", StringComparison.Ordinal))
            ? templated
            : new Templated(mail, mail.Subject, mail.Html, mail.Text, new Dictionary<string, string>());
    }

    static string Substitute(string template, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(template, (t, v) => t.Replace(v.Key, v.Value, StringComparison.Ordinal));

    static string AttachmentKey(OutgoingMail mail) =>
        string.Join("|", mail.Attachments.Select(a => $"{a.FileName}:{a.ContentType}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(a.Content))}"));

    public SendGridMessage Message(IReadOnlyList<Templated> sameTemplate)
    {
        var first = sameTemplate[0];
        var message = new SendGridMessage
        {
            From = this.from,
            Subject = first.Subject,
            PlainTextContent = first.Text,
            HtmlContent = first.Html,
            Personalizations = sameTemplate.Select(t => new Personalization
            {
                Tos = [new EmailAddress(t.Mail.To, t.Mail.ToName)],
                Substitutions = t.Substitutions.Count == 0 ? null : t.Substitutions.ToDictionary(),
                CustomArgs = new Dictionary<string, string>
                {
                    ["programmeId"] = t.Mail.ProgrammeId,
                    ["participantId"] = t.Mail.ParticipantId ?? "",
                    ["kind"] = WireNames.Of(t.Mail.Kind),
                    ["key"] = t.Mail.IdempotencyKey,
                },
            }).ToList(),
        };
        foreach (var attachment in first.Mail.Attachments)
        {
            message.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType.Split(';')[0]);
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
                // The exception is logged and kept in the orchestration's history: SendGrid's error text may quote an address.
                throw new InvalidOperationException($"SendGrid refused the message: {(int?)status} {LogSafe.Redact(body.Length > 1000 ? body[..1000] : body)}");
            }
            var delay = response?.Headers.RetryAfter?.Delta
                ?? (response?.Headers.RetryAfter?.Date is { } date ? date - this.time.GetUtcNow() : (TimeSpan?)null)
                ?? TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
            this.logger.LogWarning("SendGrid answered {Status} (attempt {Attempt}); retrying in {Delay}", (int?)status, attempt, delay);
            await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, this.time, cancellationToken);
        }
    }

    /// <summary>The personal token in an answer link (43 base64url characters).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"/api/rsvp/([A-Za-z0-9_-]{43})")]
    private static partial System.Text.RegularExpressions.Regex AnswerToken();
}
