using System.IO.Compression;
using System.Text.Json;
using Azure.Storage.Blobs;
using LibraryTraining.Storage;

namespace LibraryTraining.Tests.Hosting;

/// <summary>One mail as the local outbox stored it: one per recipient per send, repeats kept.</summary>
public sealed record StoredMail(string Key, string Kind, string To, string? ParticipantId, DateTimeOffset SentAt, string Blob);

/// <summary>
/// Reads what the app's local outbox stored, straight from blob storage (not through the app, whose
/// reader drops a repeated key): every send is a blob under outbox/{programme}/, gzipped JSON of the
/// batch's mails, or a bare JSON array for sends stored before attachments were shared.
/// </summary>
public static class StoredSends
{
    public static async Task<IReadOnlyList<StoredMail>> ReadAsync(string storage, string programmeId, CancellationToken cancellationToken = default)
    {
        var container = new BlobServiceClient(storage).GetBlobContainerClient(StorageTables.OutboxContainer);
        if (!await container.ExistsAsync(cancellationToken))
        {
            return [];
        }
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = programmeId + "/" }, cancellationToken))
        {
            names.Add(blob.Name);
        }
        var sends = new List<StoredMail>[names.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var content = (await container.GetBlobClient(names[i]).DownloadContentAsync(ct)).Value.Content;
            if (content.ToMemory().Span is [0x1f, 0x8b, ..])
            {
                await using var zip = new GZipStream(content.ToStream(), CompressionMode.Decompress);
                content = await BinaryData.FromStreamAsync(zip, ct);
            }
            using var json = JsonDocument.Parse(content.ToMemory());
            var mails = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("mails");
            sends[i] = mails.EnumerateArray().Select(m =>
            {
                var entry = m.GetProperty("entry");
                return new StoredMail(
                    m.GetProperty("key").GetString()!,
                    entry.GetProperty("kind").GetString()!,
                    entry.GetProperty("to").GetString()!,
                    entry.TryGetProperty("participantId", out var participant) ? participant.GetString() : null,
                    entry.GetProperty("sentAt").GetDateTimeOffset(),
                    names[i]);
            }).ToList();
        });
        return sends.SelectMany(s => s).OrderBy(m => m.SentAt).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Keys stored more than once, with how often: empty when every mail went out once.</summary>
    public static IReadOnlyList<string> Repeats(IEnumerable<StoredMail> mails) =>
        mails.GroupBy(m => m.Key, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} ×{g.Count()} (in {string.Join(", ", g.Select(m => Path.GetFileName(m.Blob)))})").ToList();
}
