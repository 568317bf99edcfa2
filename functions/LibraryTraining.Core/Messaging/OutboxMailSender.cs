using System.Text.Json;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Messaging;

/// <summary>
/// The local runner's mail sender: every message is kept in blob storage and shown at
/// /api/dev/outbox. One blob per programme per send holds the whole batch, so a thousand waiting-list
/// mails cost one storage write rather than two thousand on the local emulator's single thread (which
/// the answers need too). Reading shows every stored send, a repeat of an idempotency key included and
/// marked: a repeat is a second email to a person, and hiding it would hide the bug.
/// </summary>
public sealed class OutboxMailSender(StorageTables storage, TimeProvider time) : IMailSender
{
    public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        var sentAt = time.GetUtcNow();
        await Parallel.ForEachAsync(batch.GroupBy(m => m.ProgrammeId), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (programme, ct) =>
        {
            // An attachment many mails share (a programme's calendar) is stored once per send, not once per mail.
            var shared = new Dictionary<string, OutboxAttachment>(StringComparer.Ordinal);
            string Share(MailAttachment a)
            {
                var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(a.Content))[..16];
                shared.TryAdd(id, new OutboxAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content)));
                return id;
            }
            var stored = programme.Select(mail => new StoredMail(MailDispatcher.LedgerKey(mail.IdempotencyKey), new OutboxEntry(
                mail.To, mail.Subject, mail.Html, mail.Text, [], sentAt, WireNames.Of(mail.Kind), mail.ProgrammeId, mail.ParticipantId),
                mail.Attachments.Select(Share).ToList())).ToList();
            // Names sort by time, so a reader sees sends in order; the dispatcher's attempt id starts with its
            // time, and naming the blob by it lets a retry ask whether this send was stored (WasSentAsync).
            // Gzipped: a hundred confirmations are a megabyte of HTML, and the emulator's single thread
            // that stores it is the one the answers wait for.
            var attempt = programme.First().Attempt ?? $"{sentAt.UtcTicks:D19}-{Guid.NewGuid():N}";
            var blobName = BlobName(programme.Key, attempt);
            using var packed = new MemoryStream();
            await using (var zip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                await JsonSerializer.SerializeAsync(zip, new StoredSend(stored, shared), WireNames.Json, ct);
            }
            packed.Position = 0;
            await container.GetBlobClient(blobName).UploadAsync(packed, overwrite: false, ct);
        });
    }

    static string BlobName(string programmeId, string attempt) => $"{programmeId}/{attempt}.json.gz";

    public async Task<bool?> WasSentAsync(string programmeId, string attempt, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        return (await container.GetBlobClient(BlobName(programmeId, attempt)).ExistsAsync(cancellationToken)).Value;
    }

    /// <summary>Every mail stored, oldest first, repeats included (<see cref="OutboxEntry.Repeat"/> marks the second and later of a key).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(string? programmeId, CancellationToken cancellationToken)
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
            var content = (await container.GetBlobClient(names[i]).DownloadContentAsync(ct)).Value.Content;
            if (content.ToMemory().Span is [0x1f, 0x8b, ..])
            {
                using var zip = new System.IO.Compression.GZipStream(content.ToStream(), System.IO.Compression.CompressionMode.Decompress);
                content = await BinaryData.FromStreamAsync(zip, ct);
            }
            // Sends stored before attachments were shared are a bare array of mails.
            sends[i] = content.ToMemory().Span.TrimStart(" \r\n\t"u8) is [(byte)'[', ..]
                ? content.ToObjectFromJson<List<StoredMail>>(WireNames.Json)
                : content.ToObjectFromJson<StoredSend>(WireNames.Json)?.Resolved();
        });
        var seen = new HashSet<(string, string)>();
        // In the order stored (blob names sort by time), so the first of a key is the original.
        return sends.SelectMany(send => send ?? [])
            .Select(m => m.Entry with { Key = m.Key, Repeat = !seen.Add((m.Entry.ProgrammeId, m.Key)) })
            .OrderBy(e => e.SentAt).ThenBy(e => e.To, StringComparer.Ordinal).ToList();
    }

    /// <param name="Shared">Ids of attachments kept once in the send (newer sends); older sends carry them in the entry.</param>
    sealed record StoredMail(string Key, OutboxEntry Entry, IReadOnlyList<string>? Shared = null);

    sealed record StoredSend(IReadOnlyList<StoredMail> Mails, IReadOnlyDictionary<string, OutboxAttachment> Attachments)
    {
        public List<StoredMail> Resolved() => this.Mails.Select(m => m.Shared is { Count: > 0 } ids
            ? m with { Entry = m.Entry with { Attachments = ids.Select(id => this.Attachments[id]).ToList() } }
            : m).ToList();
    }
}

/// <param name="Key">The mail's idempotency key (kind|purpose|participant): there should be one send per key.</param>
/// <param name="Repeat">A second or later send of the same key: the person got this email more than once.</param>
public sealed record OutboxEntry(string To, string Subject, string Html, string Text, IReadOnlyList<OutboxAttachment> Attachments,
    DateTimeOffset SentAt, string Kind, string ProgrammeId, string? ParticipantId, string? Key = null, bool Repeat = false);

public sealed record OutboxAttachment(string Filename, string ContentType, string ContentBase64);
