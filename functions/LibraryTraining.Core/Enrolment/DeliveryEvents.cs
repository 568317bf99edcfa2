using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using LibraryTraining.Configuration;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;
using Microsoft.Extensions.Configuration;
using SendGrid.Helpers.EventWebhook;

namespace LibraryTraining.Enrolment;

/// <summary>
/// SendGrid's Event Webhook: each call is verified with the SDK's ECDSA helper against the key from
/// SendGrid's settings, then delivered, bounce, dropped and spamreport events are recorded per email.
/// A bounced or dropped invitation marks the participant, so organisers see who never got it.
/// </summary>
public sealed class DeliveryEvents(StorageTables storage, ProgrammeStore programmes, IConfiguration configuration)
{
    public const string Table = "DeliveryEvents";
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";
    static readonly string[] Recorded = ["delivered", "bounce", "dropped", "spamreport"];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(configuration[AppSettings.SendGridWebhookPublicKey]);

    public bool Verify(string payload, string? signature, string? timestamp)
    {
        if (!this.IsConfigured || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return false;
        }
        try
        {
            var validator = new RequestValidator();
            var key = validator.ConvertPublicKeyToECDSA(configuration[AppSettings.SendGridWebhookPublicKey]);
            return validator.VerifySignature(key, payload, signature, timestamp);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Records the events that matter; returns how many. Throws JsonException for a body that is not an event array.</summary>
    public async Task<int> RecordAsync(string payload, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("SendGrid sends a JSON array of events.");
        }
        var table = await storage.TableAsync(Table);
        var recorded = 0;
        var bounced = new List<(string Programme, string Participant)>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            var type = Text(e, "event");
            if (type is null || !Recorded.Contains(type))
            {
                continue;
            }
            var programmeId = Text(e, "programmeId");
            var participantId = Text(e, "participantId");
            var kind = Text(e, "kind");
            var id = Text(e, "sg_event_id") ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.GetRawText())))[..32];
            await table.UpsertEntityAsync(new TableEntity(Key(programmeId ?? "unknown"), Key(id))
            {
                ["Event"] = type,
                ["Email"] = Text(e, "email"),
                ["ParticipantId"] = participantId,
                ["Kind"] = kind,
                ["Reason"] = Text(e, "reason"),
                ["At"] = e.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix) : null,
            }, TableUpdateMode.Replace, cancellationToken);
            recorded++;
            if (type is "bounce" or "dropped" && programmeId is not null && participantId is { Length: > 0 }
                && string.Equals(kind, "invitation", StringComparison.OrdinalIgnoreCase))
            {
                bounced.Add((programmeId, participantId));
            }
        }
        foreach (var group in bounced.GroupBy(b => b.Programme))
        {
            await programmes.UpdateParticipantsAsync(group.Key, group.Select(b => b.Participant),
                p => p.Bounced ? null : p with { Bounced = true }, cancellationToken);
        }
        return recorded;
    }

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static string Key(string value) => Messaging.MailDispatcher.LedgerKey(value.Length > 200 ? value[..200] : value);
}
