using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;
using LibraryTraining.Workflow;

namespace LibraryTraining.Media;

/// <summary>A speaker's handout: a document for the whole programme or for one session.</summary>
public sealed record Handout
{
    public required string Id { get; init; }
    public required string ProgrammeId { get; init; }
    public required string Title { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long Bytes { get; init; }
    public required string Sha256 { get; init; }
    public string? SessionId { get; init; }
    /// <summary>Participants see it only once its session has ended.</summary>
    public bool ReleaseAfterSession { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }

    public string BlobName => $"{this.ProgrammeId}/{this.Id}";

    internal const string RowPrefix = "handout:";

    internal TableEntity ToEntity() => new(this.ProgrammeId, RowPrefix + this.Id)
    {
        ["Title"] = this.Title,
        ["FileName"] = this.FileName,
        ["ContentType"] = this.ContentType,
        ["Bytes"] = this.Bytes,
        ["Sha256"] = this.Sha256,
        ["SessionId"] = this.SessionId,
        ["ReleaseAfterSession"] = this.ReleaseAfterSession,
        ["UploadedAt"] = this.UploadedAt,
    };

    internal static Handout FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey[RowPrefix.Length..],
        ProgrammeId = e.PartitionKey,
        Title = e.GetString("Title") ?? "",
        FileName = e.GetString("FileName") ?? "handout",
        ContentType = e.GetString("ContentType") ?? "application/octet-stream",
        Bytes = e.GetInt64("Bytes") ?? 0,
        Sha256 = e.GetString("Sha256") ?? "",
        SessionId = e.GetString("SessionId"),
        ReleaseAfterSession = e.GetBoolean("ReleaseAfterSession") ?? false,
        UploadedAt = e.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue,
    };
}

/// <summary>
/// Handouts: uploaded by organisers (streamed into staged blocks, committed only once the whole file
/// checks out), listed, and released to participants, at once or when their session ends.
/// </summary>
public sealed class HandoutService(StorageTables storage, TimeProvider time)
{
    public const long MaxBytes = 50 * 1024 * 1024;
    public const int MaxTitle = 200;
    const string HashPrefix = "sha:";

    public async Task<Handout> UploadAsync(Programme programme, string? title, string? sessionId, bool releaseAfterSession, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = UploadNames.Check(fileName, "");
        if (name.Length == 0)
        {
            throw new MediaRejectedException(400, "bad-name", "Send the handout with its file name (for example slides.pdf), so participants get a file they can open.");
        }
        sessionId = string.IsNullOrWhiteSpace(sessionId) ? null : sessionId.Trim();
        if (sessionId is not null && !programme.Days.Any(d => d.Sessions.Any(s => s.Id == sessionId)))
        {
            throw new MediaRejectedException(400, "unknown-session", $"This programme has no session '{sessionId}'.");
        }
        if (releaseAfterSession && sessionId is null)
        {
            throw new MediaRejectedException(400, "session-needed", "To release a handout after its session, say which session (sessionId).");
        }
        title = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(name) : title.Trim();
        if (title.Length > MaxTitle)
        {
            throw new MediaRejectedException(400, "title", $"Keep the title under {MaxTitle} characters.");
        }

        var table = await storage.TableAsync(StorageTables.Handouts);
        var container = await storage.ContainerAsync(StorageTables.HandoutsContainer);
        var id = PhotoService.NewId();
        var blob = container.GetBlockBlobClient($"{programme.Id}/{id}");
        using var input = new UploadInput(content, MaxBytes);
        var head = await input.PeekAsync(8, cancellationToken);
        if (head.IsEmpty)
        {
            throw MediaRejectedException.Empty();
        }
        var kind = HandoutFormats.Sniff(head.Span) ?? throw MediaRejectedException.WrongType(HandoutFormats.Accepted);
        var contentType = HandoutFormats.ContentType(kind, name);
        await using var writer = new BlockBlobWriter(blob);
        var tail = new TailSink(writer, HandoutFormats.TailBytes);
        long length;
        string sha;
        try
        {
            length = await input.CopyToEndAsync(tail, cancellationToken);
            HandoutFormats.CheckEnd(kind, tail.Tail(), length);
            sha = input.Sha256Hex();
            await ThrowIfDuplicateAsync(table, programme.Id, sha, cancellationToken);
        }
        catch
        {
            await writer.DiscardAsync();
            throw;
        }
        await writer.CommitAsync(new BlobHttpHeaders { ContentType = contentType }, null, cancellationToken);
        var handout = new Handout
        {
            Id = id,
            ProgrammeId = programme.Id,
            Title = title,
            FileName = name,
            ContentType = contentType,
            Bytes = length,
            Sha256 = sha,
            SessionId = sessionId,
            ReleaseAfterSession = releaseAfterSession,
            UploadedAt = time.GetUtcNow(),
        };
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(programme.Id, HashPrefix + sha) { ["HandoutId"] = id }),
                new TableTransactionAction(TableTransactionActionType.Add, handout.ToEntity()),
            ], cancellationToken);
        }
        catch (Exception)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await ThrowIfDuplicateAsync(table, programme.Id, sha, cancellationToken);
            throw;
        }
        return handout;
    }

    public async Task<IReadOnlyList<Handout>> ListAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Handouts);
        var handouts = new List<Handout>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {Handout.RowPrefix} and RowKey lt {"handout;"}"), cancellationToken: cancellationToken))
        {
            handouts.Add(Handout.FromEntity(row));
        }
        return handouts.OrderBy(h => h.UploadedAt).ToList();
    }

    public async Task<Handout?> FindAsync(string programmeId, string handoutId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Handouts);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, Handout.RowPrefix + handoutId, cancellationToken: cancellationToken);
        return row.HasValue ? Handout.FromEntity(row.Value!) : null;
    }

    /// <summary>
    /// When participants may have it (real time): at once, or when its session ends by the current
    /// schedule. A session since taken off the schedule holds it until the programme's end.
    /// </summary>
    public static DateTimeOffset? ReleasedFrom(Programme programme, Handout handout)
    {
        if (!handout.ReleaseAfterSession || handout.SessionId is null)
        {
            return null;
        }
        var day = programme.Days.FirstOrDefault(d => d.Sessions.Any(s => s.Id == handout.SessionId));
        var end = day is null
            ? ProgrammeTime.LastMomentOf(programme)
            : ProgrammeTime.EndOf(day, day.Sessions.First(s => s.Id == handout.SessionId), programme.Zone);
        return programme.Clock.ToReal(end);
    }

    public bool IsReleased(Programme programme, Handout handout) =>
        ReleasedFrom(programme, handout) is not { } from || time.GetUtcNow() >= from;

    public async Task<IReadOnlyList<Handout>> ReleasedAsync(Programme programme, CancellationToken cancellationToken) =>
        (await this.ListAsync(programme.Id, cancellationToken)).Where(h => this.IsReleased(programme, h)).ToList();

    public async Task<Stream> OpenAsync(Handout handout, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.HandoutsContainer);
        var download = await container.GetBlobClient(handout.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
        return download.Value.Content;
    }

    static async Task ThrowIfDuplicateAsync(TableClient table, string programmeId, string sha, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, HashPrefix + sha, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            throw new MediaRejectedException(409, "duplicate", "This file is already a handout of this programme.") { ExistingId = existing.Value!.GetString("HandoutId") };
        }
    }
}
