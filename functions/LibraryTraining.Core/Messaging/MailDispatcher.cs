using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Messaging;

/// <summary>
/// Sends mail once per idempotency key. Activities run at least once, so before a batch goes to the
/// sender each message's key is looked up in a ledger (one partition per programme) and messages
/// already sent are dropped. The send itself is recorded twice: a pending row naming the attempt is
/// written BEFORE the send, and a sent row per purpose and delivered chunk after it. A crash between the
/// send and the sent row leaves the pending row, and the retry asks the sender whether that attempt went
/// out (the local outbox can tell; SendGrid cannot, so there the mail goes again: the one window left).
/// A mail its sender knows to be the first of its key (<see cref="OutgoingMail.FirstOfItsKey"/>) skips the
/// lookup: a steady trickle of answer mails would otherwise read a growing range of the ledger each time.
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
        var attemptsTold = new Dictionary<(string, string), bool>();
        foreach (var purpose in mails.Where(m => !m.FirstOfItsKey).Select(m => (m.ProgrammeId, Prefix: PurposeOf(LedgerKey(m.IdempotencyKey)))).Distinct())
        {
            await foreach (var row in ledger.QueryAsync<TableEntity>(TableBatches.PrefixFilter(purpose.ProgrammeId, purpose.Prefix), cancellationToken: cancellationToken))
            {
                if (row.GetString("Pending") is { } earlier)
                {
                    // An earlier send that crashed before its sent row: it counts only if the sender took it.
                    if (!attemptsTold.TryGetValue((purpose.ProgrammeId, earlier), out var taken))
                    {
                        taken = await sender.WasSentAsync(purpose.ProgrammeId, earlier, cancellationToken) == true;
                        attemptsTold[(purpose.ProgrammeId, earlier)] = taken;
                    }
                    if (!taken)
                    {
                        continue;
                    }
                }
                foreach (var key in SentKeys(row, purpose.Prefix))
                {
                    sent.Add(purpose.ProgrammeId + "/" + key);
                }
            }
        }
        var now = time.GetUtcNow();
        var attempt = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}";
        var toSend = mails
            .Where(m => !sent.Contains(m.ProgrammeId + "/" + LedgerKey(m.IdempotencyKey)))
            .DistinctBy(m => (m.ProgrammeId, m.IdempotencyKey))
            .Select(m => m with { Attempt = attempt })
            .ToList();
        if (toSend.Count == 0)
        {
            return 0;
        }
        var pending = toSend
            .GroupBy(m => (m.ProgrammeId, Purpose: PurposeOf(LedgerKey(m.IdempotencyKey))))
            .SelectMany(g => g.Chunk(KeysPerRow).Select(chunk => SentRow(g.Key.ProgrammeId, g.Key.Purpose, chunk, now, attempt)))
            .ToList();
        await ledger.SubmitInChunksAsync(pending.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken);
        await sender.SendAsync(toSend, async delivered =>
        {
            var deliveredAt = time.GetUtcNow();
            // One ledger row per purpose per delivered chunk, listing whom it reached: a thousand
            // invitations are one write, and the emulator's data file stays small.
            await Task.WhenAll(delivered
                .GroupBy(m => (m.ProgrammeId, Purpose: PurposeOf(LedgerKey(m.IdempotencyKey))))
                .SelectMany(g => g.Chunk(KeysPerRow).Select(chunk => SentRow(g.Key.ProgrammeId, g.Key.Purpose, chunk, deliveredAt)))
                .Select(row => ledger.AddEntityAsync(row, cancellationToken)));
        }, cancellationToken);
        // Every part is recorded as sent: the pending rows have done their job. (Left behind, they only
        // make a later lookup ask the sender once more.)
        try
        {
            await ledger.SubmitInChunksAsync(pending.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }
        catch (RequestFailedException)
        {
        }
        return toSend.Count;
    }

    static string PurposeOf(string key) => key[..(key.LastIndexOf('|') + 1)];

    const int KeysPerRow = 1000;
    /// <summary>Separates a purpose from a chunk id in a ledger row's key; sorts inside the purpose's range.</summary>
    const char ChunkMark = '*';

    /// <summary>
    /// A ledger row for mails of one purpose delivered together: "{purpose}*{chunk}", their key ends in K0,
    /// K1, ... With <paramref name="pendingAttempt"/>, the row is written before the send and counts only if
    /// the sender says that attempt went out.
    /// </summary>
    static TableEntity SentRow(string programmeId, string purpose, IEnumerable<OutgoingMail> mails, DateTimeOffset sentAt, string? pendingAttempt = null)
    {
        var row = new TableEntity(programmeId, $"{purpose}{ChunkMark}{sentAt.UtcTicks:D19}-{Guid.NewGuid():N}") { ["SentAt"] = sentAt };
        if (pendingAttempt is not null)
        {
            row["Pending"] = pendingAttempt;
        }
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
