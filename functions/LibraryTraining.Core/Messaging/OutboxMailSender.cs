using System.Text.Json;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Messaging;

/// <summary>
/// The local runner's mail sender: every message is kept in blob storage and shown at
/// /api/dev/outbox. One blob per programme per send holds the whole batch, so a thousand waiting-list
/// mails cost one storage write rather than two thousand on the local emulator's single thread (which
/// the answers need too). Reading drops a repeat of an idempotency key, so the outbox never shows a
/// duplicate, as before.
/// </summary>
public sealed class OutboxMailSender(StorageTables storage, TimeProvider time) : IMailSender
{
    public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        var sentAt = time.GetUtcNow();
        await Parallel.ForEachAsync(batch.GroupBy(m => m.ProgrammeId), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (programme, ct) =>
        {
            var stored = programme.Select(mail => new StoredMail(MailDispatcher.LedgerKey(mail.IdempotencyKey), new OutboxEntry(
                mail.To, mail.Subject, mail.Html, mail.Text,
                mail.Attachments.Select(a => new OutboxAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))).ToList(),
                sentAt, WireNames.Of(mail.Kind), mail.ProgrammeId, mail.ParticipantId))).ToList();
            // Names sort by time, so a reader sees sends in order.
            var blobName = $"{programme.Key}/{sentAt.UtcTicks:D19}-{Guid.NewGuid():N}.json";
            await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromObjectAsJson(stored, WireNames.Json), overwrite: false, ct);
        });
    }

    /// <param name="repeats">Keep a second send of the same key (fault tests look for them); normally dropped.</param>
    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(string? programmeId, CancellationToken cancellationToken, bool repeats = false)
    {
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = programmeId is null ? null : programmeId + "/" }, cancellationToken))
        {
            names.Add(blob.Name);
        }
        names.Sort(StringComparer.Ordinal);
        var sends = new List<StoredMail>?[names.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var content = await container.GetBlobClient(names[i]).DownloadContentAsync(ct);
            sends[i] = content.Value.Content.ToObjectFromJson<List<StoredMail>>(WireNames.Json);
        });
        var seen = new HashSet<(string, string)>();
        return sends.SelectMany(send => send ?? [])
            .Where(m => repeats || seen.Add((m.Entry.ProgrammeId, m.Key)))
            .Select(m => m.Entry with { Key = m.Key })
            .OrderBy(e => e.SentAt).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
    }

    sealed record StoredMail(string Key, OutboxEntry Entry);
}

/// <param name="Key">The mail's idempotency key (kind|purpose|participant): one send per key.</param>
public sealed record OutboxEntry(string To, string Subject, string Html, string Text, IReadOnlyList<OutboxAttachment> Attachments,
    DateTimeOffset SentAt, string Kind, string ProgrammeId, string? ParticipantId, string? Key = null);

public sealed record OutboxAttachment(string Filename, string ContentType, string ContentBase64);
