using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Messaging;

/// <summary>
/// The local runner's mail sender: every message is kept in storage (a row per recipient, its bodies
/// in a blob) and shown at /api/dev/outbox. Writing a key twice is a no-op, so the outbox itself
/// never holds a duplicate.
/// </summary>
public sealed class OutboxMailSender(StorageTables storage, TimeProvider time) : IMailSender
{
    public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Outbox);
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (mail, ct) =>
        {
            var rowKey = MailDispatcher.LedgerKey(mail.IdempotencyKey);
            var blobName = $"{mail.ProgrammeId}/{Uri.EscapeDataString(rowKey)}.json";
            var stored = new OutboxEntry(mail.To, mail.Subject, mail.Html, mail.Text,
                mail.Attachments.Select(a => new OutboxAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))).ToList(),
                time.GetUtcNow(), WireNames.Of(mail.Kind), mail.ProgrammeId, mail.ParticipantId);
            await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromObjectAsJson(stored, WireNames.Json), overwrite: true, ct);
            try
            {
                await table.AddEntityAsync(new TableEntity(mail.ProgrammeId, rowKey)
                {
                    ["To"] = mail.To,
                    ["Subject"] = mail.Subject,
                    ["Kind"] = stored.Kind,
                    ["ParticipantId"] = mail.ParticipantId,
                    ["SentAt"] = stored.SentAt,
                    ["Blob"] = blobName,
                }, ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Already in the outbox: a retried activity. Nothing to do.
            }
        });
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(string? programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Outbox);
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        var rows = new List<TableEntity>();
        var query = programmeId is null
            ? table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : table.QueryAsync<TableEntity>(e => e.PartitionKey == programmeId, cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            rows.Add(row);
        }
        var entries = new OutboxEntry?[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var content = await container.GetBlobClient(rows[i].GetString("Blob")).DownloadContentAsync(ct);
            entries[i] = content.Value.Content.ToObjectFromJson<OutboxEntry>(WireNames.Json);
        });
        return entries.OfType<OutboxEntry>().OrderBy(e => e.SentAt).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
    }
}

public sealed record OutboxEntry(string To, string Subject, string Html, string Text, IReadOnlyList<OutboxAttachment> Attachments,
    DateTimeOffset SentAt, string Kind, string ProgrammeId, string? ParticipantId);

public sealed record OutboxAttachment(string Filename, string ContentType, string ContentBase64);
