using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Enrolment;

/// <summary>
/// The durable path of an add or a CSV import: the participants are stored by the request, and this
/// small orchestration invites them in chunks, so a large roster never meets the HTTP timeout and an
/// instance stopped mid-request loses no invitation. Its input stays small: the ids are in the import's row.
/// </summary>
public sealed record RosterImport(string ProgrammeId, string ImportId, int Total)
{
    public const string Orchestrator = "RosterImportOrchestration";

    /// <summary>Participants invited per activity: one SendGrid request's worth.</summary>
    public const int ChunkSize = Messaging.ProgrammeMailer.Chunk;

    /// <summary>Deterministic, so a retried request finds the import it started instead of starting another.</summary>
    public static string InstanceId(string programmeId, string importId) => $"roster-import-{programmeId}-{importId}";

    public int Chunks => (this.Total + ChunkSize - 1) / ChunkSize;
}

/// <summary>One activity's share of an import: the <paramref name="Chunk"/>th slice of its ids.</summary>
public sealed record RosterImportChunk(string ProgrammeId, string ImportId, int Chunk);

/// <summary>The import orchestration's custom status: how far the invitations have got.</summary>
public sealed record RosterImportProgress(int Total, int Invited);

/// <summary>An import as the organiser sees it: running, completed or failed, and how many were invited.</summary>
public sealed record RosterImportView(string ImportId, string State, int Total, int Invited);

/// <summary>
/// An import's row: who it added (the ids, in order), whether they are all stored yet, and whether they are
/// to be invited (not when enrolment had closed).
/// </summary>
public sealed record RosterImportRecord(string ProgrammeId, string ImportId, IReadOnlyList<string> Ids, bool Invite, bool Stored, DateTimeOffset CreatedAt)
{
    public RosterImport Import => new(this.ProgrammeId, this.ImportId, this.Ids.Count);
}

/// <summary>
/// Import rows in their own table, one partition per programme. The ids are kept as long text (20,000 ids
/// are about 340,000 characters, well inside a row's 1 MB), so the orchestration passes only the import's id.
/// </summary>
public sealed class RosterImportStore(StorageTables storage)
{
    public async Task<RosterImportRecord?> FindAsync(string programmeId, string importId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.RosterImports);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, importId, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var entity = row.Value!;
        var ids = entity.GetLongText("Ids").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new RosterImportRecord(programmeId, importId, ids, entity.GetBoolean("Invite") ?? false,
            entity.GetBoolean("Stored") ?? false, entity.GetDateTimeOffset("CreatedAt") ?? default);
    }

    public async Task SaveAsync(RosterImportRecord import, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.RosterImports);
        var entity = new TableEntity(import.ProgrammeId, import.ImportId)
        {
            ["Total"] = import.Ids.Count,
            ["Invite"] = import.Invite,
            ["Stored"] = import.Stored,
            ["CreatedAt"] = import.CreatedAt,
        };
        entity.SetLongText("Ids", string.Join('\n', import.Ids));
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Marks every participant of the import stored: a retried request then only makes sure the invitations are under way.</summary>
    public async Task MarkStoredAsync(string programmeId, string importId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.RosterImports);
        await table.UpdateEntityAsync(new TableEntity(programmeId, importId) { ["Stored"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}
