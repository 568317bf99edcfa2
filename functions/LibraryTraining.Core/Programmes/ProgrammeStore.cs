using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Programmes;

/// <summary>
/// Programmes in Table storage. A programme's partition holds its definition row, one row per
/// participant, the seat row and the seat book's answer journal, so everything about one programme is
/// read with partition queries only. Every roster read lays the journal over the participant rows.
/// </summary>
public sealed class ProgrammeStore(StorageTables storage)
{
    const string DefinitionKey = "programme";
    const string ParticipantPrefix = "p:";
    const string IndexPartition = "programme";
    /// <summary>The seat book's row: seats taken, the next waiting-list number and the next journal number.</summary>
    public const string SeatRowKey = "seats";
    /// <summary>A table string property holds 64 KiB, that is 32K UTF-16 characters.</summary>
    public const int MaxDefinitionChars = 30_000;

    public static string Serialize(Programme programme) => JsonSerializer.Serialize(programme, WireNames.Json);

    /// <summary>
    /// Writes the roster first and the definition row last: a programme exists only once its
    /// definition row does, so a failure part-way leaves nothing an organiser can see.
    /// </summary>
    public async Task CreateAsync(Programme programme, IReadOnlyList<Participant> participants, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        await table.SubmitInChunksAsync(
            participants.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(programme.Id, p))),
            cancellationToken);
        await table.AddEntityAsync(DefinitionEntity(programme), cancellationToken);
        var index = await storage.TableAsync(StorageTables.ProgrammeIndex);
        await index.UpsertEntityAsync(IndexEntity(programme), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Programme?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await this.FindVersionedAsync(id, cancellationToken)).Programme;

    /// <summary>The definition with its row's ETag, so a writer can make its transaction depend on it.</summary>
    public async Task<(Programme? Programme, ETag ETag)> FindVersionedAsync(string id, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(id, DefinitionKey, cancellationToken: cancellationToken);
        return row.HasValue ? (FromDefinition(row.Value!), row.Value!.ETag) : (null, default);
    }

    /// <summary>
    /// Changes the definition without overwriting a write made meanwhile: it is read with its ETag,
    /// <paramref name="change"/> decides on what was read (null: write nothing), and the result is written
    /// only if the row is still as read. On a conflict (412) it reads again and decides again, so a schedule
    /// change never undoes a cancellation written between its read and its write. Returns the definition
    /// as stored afterwards (null when the programme does not exist) and whether this call wrote it.
    /// </summary>
    public async Task<(Programme? Stored, bool Written)> UpdateAsync(string id, Func<Programme, Programme?> change, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        for (var attempt = 1; ; attempt++)
        {
            var (programme, etag) = await this.FindVersionedAsync(id, cancellationToken);
            if (programme is null || change(programme) is not { } changed)
            {
                return (programme, false);
            }
            try
            {
                await table.UpdateEntityAsync(DefinitionEntity(changed), etag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 20)
            {
                continue; // written meanwhile: decide again on what is there now
            }
            await this.IndexAsync(changed, cancellationToken);
            return (changed, true);
        }
    }

    /// <summary>
    /// The index row follows the definition. Two writers may reach it in either order, so the newer
    /// definition wins: a definition only ever moves forward by a schedule revision or by a cancellation
    /// (after which the schedule cannot change), which orders them.
    /// </summary>
    async Task IndexAsync(Programme programme, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(StorageTables.ProgrammeIndex);
        var entity = IndexEntity(programme);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var row = await index.GetEntityIfExistsAsync<TableEntity>(IndexPartition, programme.Id, cancellationToken: cancellationToken);
            if (row.HasValue && IndexOrder(row.Value!) >= IndexOrder(entity))
            {
                return;
            }
            try
            {
                if (row.HasValue)
                {
                    await index.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await index.AddEntityAsync(entity, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer's index row landed first: compare again.
            }
        }
    }

    static long IndexOrder(TableEntity row) => (row.GetInt32("ScheduleRevision") ?? 0) * 2L + (row.GetDateTimeOffset("CancelledAt") is null ? 0 : 1);

    public async Task<IReadOnlyList<ProgrammeSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(StorageTables.ProgrammeIndex);
        var list = new List<ProgrammeSummary>();
        await foreach (var row in index.QueryAsync<TableEntity>(e => e.PartitionKey == IndexPartition, cancellationToken: cancellationToken))
        {
            list.Add(new ProgrammeSummary(row.RowKey, row.GetString("Title") ?? "", row.GetString("FirstDate") ?? "",
                row.GetString("LastDate") ?? "", row.GetDateTimeOffset("CreatedAt") ?? default, row.GetDateTimeOffset("CancelledAt")));
        }
        return list.OrderByDescending(p => p.CreatedAt).ToList();
    }

    /// <summary>
    /// Programmes that may be running: one query of the programme index's partition, narrowed on the
    /// server to those not cancelled and whose last day is not yet two days past. The definition decides the rest.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunningAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(StorageTables.ProgrammeIndex);
        var from = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var ids = new List<string>();
        await foreach (var row in index.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition} and LastDate ge {from}"),
            select: ["RowKey", "CancelledAt"], cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("CancelledAt") is null)
            {
                ids.Add(row.RowKey);
            }
        }
        return ids.Order(StringComparer.Ordinal).ToList();
    }

    public Task<IReadOnlyList<Participant>> ParticipantsAsync(string programmeId, CancellationToken cancellationToken) =>
        this.ParticipantsAsync(programmeId, null, cancellationToken);

    /// <param name="columns">Only these properties (with PartitionKey, RowKey and the answer fields the journal needs); null for all.</param>
    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(string programmeId, IEnumerable<string>? columns, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var journal = await JournalAsync(table, programmeId, cancellationToken);
        var list = new List<Participant>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, ParticipantPrefix), select: columns, cancellationToken: cancellationToken))
        {
            list.Add(AnswerJournal.Overlay(FromEntity(row), journal));
        }
        return list;
    }

    /// <summary>
    /// The newest journalled answer of each participant. Read BEFORE the rows it is laid over: a journal
    /// row copied and deleted in between is then already in the rows, and the versions keep a journal
    /// entry from undoing a newer row.
    /// </summary>
    static async Task<Dictionary<string, AnswerState>> JournalAsync(TableClient table, string programmeId, CancellationToken cancellationToken) =>
        AnswerJournal.Latest(await JournalRowsAsync(table, programmeId, cancellationToken));

    static async Task<List<TableEntity>> JournalRowsAsync(TableClient table, string programmeId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, AnswerJournal.Prefix), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Copies the answer journal onto the participant rows, then deletes the journal rows copied. Copies go
    /// in small ETag-checked transactions (25 rows), so the emulator's single thread is never held long
    /// while answers flow; a crash part-way leaves journal rows that are simply copied again (a row
    /// already as new as its journal entry is skipped). Returns how many journal rows were deleted, or
    /// -1 when another writer got in between (the caller tries again later).
    /// </summary>
    public async Task<int> ProjectJournalAsync(string programmeId, CancellationToken cancellationToken)
    {
        const int CopiesPerTransaction = 25;
        const int PointReadsUpTo = 50;
        var table = await storage.TableAsync(StorageTables.Programmes);
        var journal = await JournalRowsAsync(table, programmeId, cancellationToken);
        if (journal.Count == 0)
        {
            return 0;
        }
        var latest = AnswerJournal.Latest(journal);
        var rows = new List<TableEntity>(latest.Count);
        if (latest.Count <= PointReadsUpTo)
        {
            var read = await Task.WhenAll(latest.Keys.Select(id =>
                table.GetEntityIfExistsAsync<TableEntity>(programmeId, ParticipantPrefix + id, cancellationToken: cancellationToken)));
            rows.AddRange(read.Where(r => r.HasValue).Select(r => r.Value!));
        }
        else
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, ParticipantPrefix), cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        var copies = rows
            .Select(row => (Stored: FromEntity(row), row.ETag))
            .Where(r => latest.TryGetValue(r.Stored.Id, out var answer) && answer.AnswerVersion > r.Stored.AnswerVersion)
            .Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(programmeId, latest[r.Stored.Id].ApplyTo(r.Stored)), r.ETag))
            .ToList();
        try
        {
            foreach (var chunk in copies.Chunk(CopiesPerTransaction))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
            foreach (var chunk in journal.Chunk(50))
            {
                await table.SubmitTransactionAsync(chunk.Select(j => new TableTransactionAction(TableTransactionActionType.Delete, j, j.ETag)), cancellationToken);
            }
            return journal.Count;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // A roster write, or another instance copying the same journal, got in between: nothing is
            // lost (the journal stays until its rows are copied), so the caller simply tries again.
            return -1;
        }
    }

    /// <summary>
    /// Changes the seat row's ETag (creating it if need be), so every seat book holding this programme
    /// in memory reloads before its next decision: for changes a seat book must see, such as a new link.
    /// </summary>
    public async Task TouchSeatsAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        await table.UpsertEntityAsync(new TableEntity(programmeId, SeatRowKey), TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<Participant?> FindParticipantAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var journal = await JournalAsync(table, programmeId, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, ParticipantPrefix + participantId, cancellationToken: cancellationToken);
        return row.HasValue ? AnswerJournal.Overlay(FromEntity(row.Value!), journal) : null;
    }

    /// <summary>
    /// Stores participants added after creation. Each transaction (99 rows) also changes the seat row's
    /// ETag, so a seat book holding this programme on any instance reloads before it decides again and
    /// sees someone re-added after a removal. The seat row goes in the same transaction, so it cannot be missed.
    /// </summary>
    public async Task AddParticipantsAsync(string programmeId, IEnumerable<Participant> participants, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        foreach (var chunk in participants.Chunk(TableBatches.MaxBatch - 1))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(programmeId, p)))
                    .Append(new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(programmeId, SeatRowKey))),
                cancellationToken);
        }
    }

    public async Task SaveParticipantsAsync(string programmeId, IEnumerable<Participant> participants, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        await table.SubmitInChunksAsync(
            participants.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(programmeId, p))),
            cancellationToken);
    }

    /// <summary>
    /// Changes every participant <paramref name="which"/> selects, without overwriting an answer recorded
    /// meanwhile: the roster is read once with its ETags and written back in ETag-checked transactions of
    /// 100, so 10,000 participants cost about 100 requests instead of 20,000. A transaction that meets
    /// an answer written meanwhile (412) is redone row by row on fresh data.
    /// </summary>
    public async Task<IReadOnlyList<Participant>> UpdateParticipantsAsync(string programmeId, Func<Participant, bool> which,
        Func<Participant, Participant?> change, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var pending = await ChangedRowsAsync(table, programmeId, TableBatches.PrefixFilter(programmeId, ParticipantPrefix), which, change, cancellationToken);
        var changed = new List<Participant>(pending.Length);
        foreach (var first in pending.Chunk(TableBatches.MaxBatch))
        {
            var chunk = first;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(programmeId, c.Updated), c.ETag)), cancellationToken);
                    changed.AddRange(chunk.Select(c => c.Updated));
                    break;
                }
                catch (RequestFailedException e) when (e.Status is 412 && attempt < 4)
                {
                    // Answers landed in this chunk meanwhile: re-read its key range (one query) and apply the change again.
                    var ids = chunk.Select(c => c.Updated.Id).ToHashSet(StringComparer.Ordinal);
                    var keys = ids.Select(id => ParticipantPrefix + id).Order(StringComparer.Ordinal).ToList();
                    var range = TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {keys[0]} and RowKey le {keys[^1]}");
                    chunk = await ChangedRowsAsync(table, programmeId, range, p => ids.Contains(p.Id), change, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status is 412 or 409 or 404 or 400)
                {
                    changed.AddRange(await this.UpdateParticipantsAsync(programmeId, chunk.Select(c => c.Updated.Id), change, cancellationToken));
                    break;
                }
            }
        }
        return changed;
    }

    /// <summary>
    /// The participants under <paramref name="filter"/> that <paramref name="which"/> selects, changed, each
    /// with the ETag it was read at. The journal is laid over first, so the rows written back carry the
    /// newest answers, never older ones.
    /// </summary>
    static async Task<(Participant Updated, ETag ETag)[]> ChangedRowsAsync(TableClient table, string programmeId, string filter, Func<Participant, bool> which,
        Func<Participant, Participant?> change, CancellationToken cancellationToken)
    {
        var journal = await JournalAsync(table, programmeId, cancellationToken);
        var rows = new List<(Participant, ETag)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var participant = AnswerJournal.Overlay(FromEntity(row), journal);
            if (which(participant) && change(participant) is { } updated)
            {
                rows.Add((updated, row.ETag));
            }
        }
        return [.. rows];
    }

    /// <summary>
    /// Changes participants without overwriting an answer recorded meanwhile: each row is read, changed
    /// and written back under its ETag, and re-read on a conflict. Returns the changed participants.
    /// </summary>
    public async Task<IReadOnlyList<Participant>> UpdateParticipantsAsync(string programmeId, IEnumerable<string> participantIds,
        Func<Participant, Participant?> change, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var changed = new System.Collections.Concurrent.ConcurrentBag<Participant>();
        // Read once: a journal row written later leaves the row's ETag alone and wins over it by version anyway.
        var journal = await JournalAsync(table, programmeId, cancellationToken);
        await Parallel.ForEachAsync(participantIds.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, ParticipantPrefix + id, cancellationToken: ct);
                if (!row.HasValue || change(AnswerJournal.Overlay(FromEntity(row.Value!), journal)) is not { } updated)
                {
                    return;
                }
                try
                {
                    await table.UpdateEntityAsync(ToEntity(programmeId, updated), row.Value!.ETag, TableUpdateMode.Replace, ct);
                    changed.Add(updated);
                    return;
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // Someone answered meanwhile: read again and re-apply the change to what they wrote.
                }
            }
            throw new InvalidOperationException($"Participant {id} of programme {programmeId} kept changing; try again.");
        });
        return changed.ToList();
    }

    /// <summary>The participant row's table keys, for reading rows as stored (tests compare them with the journal laid over).</summary>
    public static string ParticipantRowKey(string participantId) => ParticipantPrefix + participantId;

    public static Participant ParticipantFromEntity(TableEntity row) => FromEntity(row);

    /// <summary>
    /// A transaction step that fails the whole transaction (412) if the definition changed since
    /// <paramref name="etag"/>: a merge of no properties, which changes nothing but the row's ETag.
    /// </summary>
    public static TableTransactionAction DefinitionUnchanged(string programmeId, ETag etag) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(programmeId, DefinitionKey), etag);

    /// <summary>
    /// Writes one participant's answer in place, whatever else was written to the row meanwhile: a merge
    /// of the answer fields only. A merge cannot remove a property, so an empty answer field is written as
    /// its "none" value (see <see cref="FromEntity"/>).
    /// </summary>
    public static TableTransactionAction AnswerMerge(string programmeId, AnswerState answer) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(programmeId, ParticipantPrefix + answer.Id)
        {
            ["Status"] = WireNames.Of(answer.Status),
            ["AnsweredAt"] = answer.AnsweredAt ?? NoTime,
            ["DeclineReason"] = answer.DeclineReason ?? "",
            ["WaitlistSeq"] = answer.WaitlistSeq ?? 0L,
            ["OfferExpiresAt"] = answer.OfferExpiresAt ?? NoTime,
            ["AnswerVersion"] = answer.AnswerVersion,
            ["Removed"] = answer.Removed,
        }, ETag.All);

    /// <summary>The earliest time Table storage holds, standing for "none" where a merge must clear a time.</summary>
    static readonly DateTimeOffset NoTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static DateTimeOffset? TimeOrNone(TableEntity row, string name) => row.GetDateTimeOffset(name) is { } t && t > NoTime ? t : null;

    static TableEntity DefinitionEntity(Programme programme) => new(programme.Id, DefinitionKey)
    {
        ["Definition"] = Serialize(programme),
        ["Title"] = programme.Title,
    };

    static TableEntity IndexEntity(Programme programme) => new(IndexPartition, programme.Id)
    {
        ["Title"] = programme.Title,
        ["FirstDate"] = programme.FirstDate.ToString("yyyy-MM-dd"),
        ["LastDate"] = programme.LastDate.ToString("yyyy-MM-dd"),
        ["CreatedAt"] = programme.CreatedAt,
        ["CancelledAt"] = programme.CancelledAt,
        ["ScheduleRevision"] = programme.ScheduleRevision,
    };

    static Programme FromDefinition(TableEntity row) =>
        JsonSerializer.Deserialize<Programme>(row.GetString("Definition"), WireNames.Json)
        ?? throw new InvalidDataException($"Programme {row.PartitionKey} has an empty definition.");

    static TableEntity ToEntity(string programmeId, Participant p) => new(programmeId, ParticipantPrefix + p.Id)
    {
        ["Name"] = p.Name,
        ["Email"] = p.Email,
        ["Role"] = WireNames.Of(p.Role),
        ["Site"] = p.Site,
        ["Language"] = p.Language,
        ["Status"] = WireNames.Of(p.Status),
        ["InvitedAt"] = p.InvitedAt,
        ["AnsweredAt"] = p.AnsweredAt,
        ["DeclineReason"] = p.DeclineReason,
        ["LastRemindedAt"] = p.LastRemindedAt,
        ["Removed"] = p.Removed,
        ["Bounced"] = p.Bounced,
        ["LinkGeneration"] = p.LinkGeneration,
        ["WaitlistSeq"] = p.WaitlistSeq,
        ["OfferExpiresAt"] = p.OfferExpiresAt,
        ["AnswerVersion"] = p.AnswerVersion,
    };

    static Participant FromEntity(TableEntity row) => new()
    {
        Id = row.RowKey[ParticipantPrefix.Length..],
        Name = row.GetString("Name") ?? "",
        Email = row.GetString("Email") ?? "",
        Role = WireNames.TryParse<ParticipantRole>(row.GetString("Role"), out var role) ? role : ParticipantRole.Staff,
        Site = row.GetString("Site"),
        Language = row.GetString("Language") ?? "th",
        Status = WireNames.TryParse<AnswerStatus>(row.GetString("Status"), out var status) ? status : AnswerStatus.NoAnswer,
        InvitedAt = row.GetDateTimeOffset("InvitedAt"),
        AnsweredAt = TimeOrNone(row, "AnsweredAt"),
        DeclineReason = row.GetString("DeclineReason") is { Length: > 0 } reason ? reason : null,
        LastRemindedAt = row.GetDateTimeOffset("LastRemindedAt"),
        Removed = row.GetBoolean("Removed") ?? false,
        Bounced = row.GetBoolean("Bounced") ?? false,
        LinkGeneration = row.GetInt32("LinkGeneration") ?? 0,
        WaitlistSeq = row.GetInt64("WaitlistSeq") is > 0 and var seq ? seq : null,
        OfferExpiresAt = TimeOrNone(row, "OfferExpiresAt"),
        AnswerVersion = row.GetInt32("AnswerVersion") ?? 0,
    };
}

public sealed record ProgrammeSummary(string Id, string Title, string FirstDate, string LastDate, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);
