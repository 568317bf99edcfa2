using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Enrolment;

/// <summary>A mail an answer decision owes one participant: their answer as decided, and their place in the queue then.</summary>
public sealed record OwedMail(AnswerState Answer, int? WaitlistPosition);

/// <summary>What kind of work an owed-work row holds.</summary>
public enum OwedKind { AnswerMails, OfferExpiry }

/// <summary>An offered place to end when its time is up, unless it was taken.</summary>
public sealed record OwedOfferExpiry(string ParticipantId, DateTimeOffset ExpiresAt);

/// <summary>One owed-work row as read back: its key and ETag (for claiming and deleting), when it falls due, and its work.</summary>
public sealed record OwedRow(string ProgrammeId, string RowKey, ETag ETag, OwedKind Kind, DateTimeOffset DueAt,
    IReadOnlyList<OwedMail> Mails, IReadOnlyList<OwedOfferExpiry> Offers);

/// <summary>
/// Work an answer decision owes, kept as rows in the programme's own partition and written in the SAME
/// table transaction as the decision (see <see cref="SeatBook"/>), so the decision and what it owes are
/// stored together or not at all. No instance has to live past its response for the work to be done:
/// <list type="bullet">
/// <item>answer mails (<c>o:m:…</c>): one row per seat transaction, listing the answers to mail about.
/// The instance that decided them sends them at once (the fast path) and deletes the row; the row falls
/// due <see cref="FastPathGrace"/> later, so if that instance is stopped first the sweep sends them;</item>
/// <item>offer expiries (<c>o:w:…</c>): one row per seat transaction that offered places (they all run
/// out at the same moment), due then; the sweep ends each offer not taken, and that decision owes its
/// own rows.</item>
/// </list>
/// Whoever works a row first claims it by an ETag-checked update that moves its due time past
/// <see cref="ClaimFor"/>, so two instances never work one row at the same time, and a claim left by a
/// stopped instance simply lapses.
/// </summary>
public sealed class OwedWork(StorageTables storage)
{
    public const string Prefix = "o:";
    const string MailPrefix = "o:m:";
    const string OfferPrefix = "o:w:";
    /// <summary>How long the deciding instance has to send its own mails before the sweep may take them.</summary>
    public static readonly TimeSpan FastPathGrace = TimeSpan.FromSeconds(10);
    /// <summary>
    /// How long a claim keeps a row from anyone else; work on it is cut off at half of it. Short, because
    /// the claim of an instance killed mid-send holds its mails back until it lapses.
    /// </summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(30);
    /// <summary>Answers are stored, never shown: Thai reasons kept as they are.</summary>
    static readonly JsonSerializerOptions Json = new(WireNames.Json) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The row owing these mails; added in the decision's transaction.</summary>
    public static TableEntity MailsRow(string programmeId, IReadOnlyList<OwedMail> mails, DateTimeOffset decidedAt)
    {
        var row = new TableEntity(programmeId, $"{MailPrefix}{decidedAt.UtcTicks:D19}-{Guid.NewGuid():N}")
        {
            ["Kind"] = nameof(OwedKind.AnswerMails),
            ["DueAt"] = decidedAt + FastPathGrace,
        };
        row.SetLongText("M", JsonSerializer.Serialize(mails, Json));
        return row;
    }

    /// <summary>The row that ends these offers when their time is up (due at the earliest); added in the decision's transaction.</summary>
    public static TableEntity OfferExpiryRow(string programmeId, IReadOnlyList<SeatOffer> offers, DateTimeOffset decidedAt)
    {
        var row = new TableEntity(programmeId, $"{OfferPrefix}{decidedAt.UtcTicks:D19}-{Guid.NewGuid():N}")
        {
            ["Kind"] = nameof(OwedKind.OfferExpiry),
            ["DueAt"] = offers.Min(o => o.ExpiresAt),
        };
        row.SetLongText("W", JsonSerializer.Serialize(offers.Select(o => new OwedOfferExpiry(o.ParticipantId, o.ExpiresAt)).ToList(), Json));
        return row;
    }

    public static OwedRow FromEntity(TableEntity row)
    {
        var kind = Enum.TryParse<OwedKind>(row.GetString("Kind"), out var k) ? k : OwedKind.AnswerMails;
        return new OwedRow(row.PartitionKey, row.RowKey, row.ETag, kind, row.GetDateTimeOffset("DueAt") ?? DateTimeOffset.MinValue,
            kind == OwedKind.AnswerMails ? JsonSerializer.Deserialize<List<OwedMail>>(row.GetLongText("M"), Json) ?? [] : [],
            kind == OwedKind.OfferExpiry ? JsonSerializer.Deserialize<List<OwedOfferExpiry>>(row.GetLongText("W"), Json) ?? [] : []);
    }

    /// <summary>The programme's owed work that has fallen due by <paramref name="now"/>: one range query in its partition.</summary>
    public async Task<IReadOnlyList<OwedRow>> DueAsync(string programmeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {Prefix} and RowKey lt {"o;"} and DueAt le {now}");
        var due = new List<OwedRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            due.Add(FromEntity(row));
        }
        return due;
    }

    /// <summary>Every owed row of a programme, due or not (for tests and the dashboard's health).</summary>
    public async Task<IReadOnlyList<OwedRow>> AllAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var rows = new List<OwedRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, Prefix), cancellationToken: cancellationToken))
        {
            rows.Add(FromEntity(row));
        }
        return rows;
    }

    /// <summary>
    /// Claims rows for <see cref="ClaimFor"/> in one transaction, each at the ETag it was read (or written)
    /// at. Returns the claimed rows with their new ETags, or null when any was taken or done meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<OwedRow>?> ClaimAsync(IReadOnlyList<OwedRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }
        var table = await storage.TableAsync(StorageTables.Programmes);
        var claimedUntil = now + ClaimFor;
        try
        {
            var claimed = new List<OwedRow>(rows.Count);
            foreach (var chunk in rows.Chunk(TableBatches.MaxBatch))
            {
                var response = await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                    new TableEntity(r.ProgrammeId, r.RowKey) { ["DueAt"] = claimedUntil }, r.ETag)), cancellationToken);
                claimed.AddRange(chunk.Select((r, i) => r with { ETag = response.Value[i].Headers.ETag ?? ETag.All, DueAt = claimedUntil }));
            }
            return claimed;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Deletes rows whose work is done. A row claimed by someone else meanwhile is left to them (their work finds it done).</summary>
    public async Task DoneAsync(IReadOnlyList<OwedRow> rows, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        foreach (var chunk in rows.Chunk(TableBatches.MaxBatch))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete,
                    new TableEntity(r.ProgrammeId, r.RowKey), r.ETag)), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                foreach (var r in chunk)
                {
                    try
                    {
                        await table.DeleteEntityAsync(r.ProgrammeId, r.RowKey, r.ETag, cancellationToken);
                    }
                    catch (RequestFailedException again) when (again.Status is 404 or 412)
                    {
                    }
                }
            }
        }
    }
}
