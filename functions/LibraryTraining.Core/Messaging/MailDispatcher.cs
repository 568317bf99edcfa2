using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Messaging;

/// <summary>
/// Sends mail at most once per idempotency key. Activities run at least once, so before a batch goes
/// to the sender each message's key is looked up in a ledger (one partition per programme) and
/// messages already sent are dropped; after the send they are marked sent.
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
        foreach (var purpose in mails.Select(m => (m.ProgrammeId, Prefix: PurposeOf(LedgerKey(m.IdempotencyKey)))).Distinct())
        {
            await foreach (var row in ledger.QueryAsync<TableEntity>(TableBatches.PrefixFilter(purpose.ProgrammeId, purpose.Prefix), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                sent.Add(purpose.ProgrammeId + "/" + row.RowKey);
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
            await ledger.SubmitInChunksAsync(
                delivered.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(m.ProgrammeId, LedgerKey(m.IdempotencyKey))
                    {
                        ["Kind"] = m.Kind.ToString(),
                        ["ParticipantId"] = m.ParticipantId,
                        ["SentAt"] = now,
                    })),
                cancellationToken);
        }, cancellationToken);
        return toSend.Count;
    }

    static string PurposeOf(string key) => key[..(key.LastIndexOf('|') + 1)];

    /// <summary>Row keys may not contain / \ # ? or control characters.</summary>
    public static string LedgerKey(string idempotencyKey) =>
        new(idempotencyKey.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
