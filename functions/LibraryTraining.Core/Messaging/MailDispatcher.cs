using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Messaging;

/// <summary>
/// Sends mail at most once per idempotency key. Activities run at least once, so before a batch goes
/// to the sender each message's key is looked up in a ledger (one partition per programme) and
/// messages already sent are dropped; after the send they are marked sent, one ledger row per purpose
/// and delivered chunk. A mail its sender knows to
/// be the first of its key (<see cref="OutgoingMail.FirstOfItsKey"/>) skips the lookup: a steady
/// trickle of answer mails would otherwise read a growing range of the ledger each time.
/// </summary>
public sealed class MailDispatcher(StorageTables storage, IMailSender sender, TimeProvider time)
{
    public async Task<int> SendAsync(IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken)
    {
        if (mails.Count == 0)
        {
            return 0;
        }
        var ledger = await storage.TableAsync(StorageTables.MailLedger);
        // One range query per purpose ("kind|step|"), not a scan of the programme's whole ledger.
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var purpose in mails.Where(m => !m.FirstOfItsKey).Select(m => (m.ProgrammeId, Prefix: PurposeOf(LedgerKey(m.IdempotencyKey)))).Distinct())
        {
            await foreach (var row in ledger.QueryAsync<TableEntity>(TableBatches.PrefixFilter(purpose.ProgrammeId, purpose.Prefix), cancellationToken: cancellationToken))
            {
                foreach (var key in SentKeys(row, purpose.Prefix))
                {
                    sent.Add(purpose.ProgrammeId + "/" + key);
                }
            }
        }
        var toSend = mails
            .Where(m => !sent.Contains(m.ProgrammeId + "/" + LedgerKey(m.IdempotencyKey)))
            .DistinctBy(m => (m.ProgrammeId, m.IdempotencyKey))
            .ToList();
        if (toSend.Count == 0)
        {
            return 0;
        }
        await sender.SendAsync(toSend, async delivered =>
        {
            var now = time.GetUtcNow();
            // One ledger row per purpose per delivered chunk, listing whom it reached: a thousand
            // invitations are one write, and the emulator's data file stays small.
            await Task.WhenAll(delivered
                .GroupBy(m => (m.ProgrammeId, Purpose: PurposeOf(LedgerKey(m.IdempotencyKey))))
                .SelectMany(g => g.Chunk(KeysPerRow).Select(chunk => SentRow(g.Key.ProgrammeId, g.Key.Purpose, chunk, now)))
                .Select(row => ledger.AddEntityAsync(row, cancellationToken)));
        }, cancellationToken);
        return toSend.Count;
    }

    static string PurposeOf(string key) => key[..(key.LastIndexOf('|') + 1)];

    const int KeysPerRow = 1000;
    /// <summary>Separates a purpose from a chunk id in a ledger row's key; sorts inside the purpose's range.</summary>
    const char ChunkMark = '*';

    /// <summary>A ledger row for mails of one purpose delivered together: "{purpose}*{chunk}", their key ends in K0, K1, ...</summary>
    static TableEntity SentRow(string programmeId, string purpose, IEnumerable<OutgoingMail> mails, DateTimeOffset sentAt)
    {
        var row = new TableEntity(programmeId, $"{purpose}{ChunkMark}{sentAt.UtcTicks:D19}-{Guid.NewGuid():N}") { ["SentAt"] = sentAt };
        row.SetLongText("K", string.Join('\n', mails.Select(m => LedgerKey(m.IdempotencyKey)[purpose.Length..])));
        return row;
    }

    /// <summary>The ledger keys a row records: a chunk row lists many; an older row is one key itself.</summary>
    static IEnumerable<string> SentKeys(TableEntity row, string purpose)
    {
        if (row.RowKey.Length <= purpose.Length || row.RowKey[purpose.Length] != ChunkMark)
        {
            return [row.RowKey];
        }
        return row.GetLongText("K").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ending => purpose + ending);
    }

    /// <summary>Row keys may not contain / \ # ? or control characters.</summary>
    public static string LedgerKey(string idempotencyKey) =>
        new(idempotencyKey.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
