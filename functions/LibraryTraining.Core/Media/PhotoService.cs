using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Media;

/// <summary>
/// A programme's photos. An upload streams through the photo's format reader (checks, dimensions, GPS
/// out) into staged blocks; only when the whole file has passed is the blob committed, its thumbnail
/// made, and its row written together with a row for its SHA-256, in one table transaction, so the same
/// photo sent twice (even at the same moment) is stored once. Anything refused leaves nothing behind.
/// </summary>
public sealed class PhotoService(StorageTables storage, TimeProvider time)
{
    public const int MaxPerParticipant = 100;
    const string HashPrefix = "sha:";

    public PhotoLimits Limits { get; init; } = PhotoLimits.Default;

    public async Task<Photo> UploadAsync(Programme programme, Uploader who, PhotoPlacement where, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = UploadNames.Check(fileName, "photo");
        var table = await storage.TableAsync(StorageTables.Photos);
        if (!who.IsOrganiser && await CountByAsync(table, programme.Id, who.Id, cancellationToken) >= MaxPerParticipant)
        {
            throw new MediaRejectedException(409, "too-many", $"You have already shared {MaxPerParticipant} photos, the most one person can.");
        }
        var container = await storage.ContainerAsync(StorageTables.PhotosContainer);
        var id = NewId();
        var blob = container.GetBlockBlobClient($"{programme.Id}/{id}");
        PhotoFacts facts;
        string sha;
        long kept;
        using (var input = new UploadInput(content, this.Limits.MaxBytes))
        {
            await using var writer = new BlockBlobWriter(blob);
            try
            {
                facts = await PhotoFormats.CopyAsync(input, writer, this.Limits, cancellationToken);
                sha = input.Sha256Hex();
                await ThrowIfDuplicateAsync(table, programme.Id, sha, cancellationToken);
            }
            catch
            {
                await writer.DiscardAsync();
                throw;
            }
            await writer.CommitAsync(new BlobHttpHeaders { ContentType = PhotoFormats.ContentType(facts.Format) }, null, cancellationToken);
            kept = writer.BytesWritten;
        }
        var thumbnail = container.GetBlockBlobClient($"{programme.Id}/{id}.thumb.jpg");
        try
        {
            byte[]? small = null;
            if (facts.Format != PhotoFormat.Heic)
            {
                await using var stored = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
                small = await Thumbnails.MakeAsync(stored, cancellationToken)
                    ?? throw MediaRejectedException.Invalid("the picture cannot be decoded");
                await thumbnail.UploadAsync(new BinaryData(small).ToStream(), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = Thumbnails.ContentType } }, cancellationToken);
            }
            var photo = new Photo
            {
                Id = id,
                ProgrammeId = programme.Id,
                Day = where.Day,
                SessionId = where.SessionId,
                UploadedBy = who.Id,
                UploaderName = who.Name,
                FileName = Path.ChangeExtension(name, PhotoFormats.Extension(facts.Format)),
                ContentType = PhotoFormats.ContentType(facts.Format),
                Width = facts.Width,
                Height = facts.Height,
                Bytes = kept,
                Sha256 = sha,
                HasThumbnail = small is not null,
                GpsRemoved = facts.GpsRemoved,
                UploadedAt = time.GetUtcNow(),
            };
            try
            {
                await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(programme.Id, HashPrefix + sha) { ["PhotoId"] = id }),
                    new TableTransactionAction(TableTransactionActionType.Add, photo.ToEntity()),
                ], cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // The same photo arrived at the same moment and won the race.
                await ThrowIfDuplicateAsync(table, programme.Id, sha, cancellationToken);
                throw;
            }
            return photo;
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await thumbnail.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }

    public async Task<IReadOnlyList<Photo>> ListAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Photos);
        var photos = new List<Photo>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {Photo.RowPrefix} and RowKey lt {"photo;"}"), cancellationToken: cancellationToken))
        {
            photos.Add(Photo.FromEntity(row));
        }
        return photos.OrderBy(p => p.Day).ThenBy(p => p.UploadedAt).ToList();
    }

    public async Task<Photo?> FindAsync(string programmeId, string photoId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Photos);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, Photo.RowPrefix + photoId, cancellationToken: cancellationToken);
        return row.HasValue ? Photo.FromEntity(row.Value!) : null;
    }

    /// <summary>Deletes a photo; <paramref name="onlyBy"/> limits it to that uploader's own (participants).</summary>
    public async Task<DeleteOutcome> DeleteAsync(string programmeId, string photoId, string? onlyBy, CancellationToken cancellationToken)
    {
        var photo = await this.FindAsync(programmeId, photoId, cancellationToken);
        if (photo is null)
        {
            return DeleteOutcome.NotFound;
        }
        if (onlyBy is not null && photo.UploadedBy != onlyBy)
        {
            return DeleteOutcome.NotYours;
        }
        var table = await storage.TableAsync(StorageTables.Photos);
        await table.DeleteEntityAsync(programmeId, Photo.RowPrefix + photoId, cancellationToken: cancellationToken);
        await table.DeleteEntityAsync(programmeId, HashPrefix + photo.Sha256, cancellationToken: cancellationToken);
        var container = await storage.ContainerAsync(StorageTables.PhotosContainer);
        await container.GetBlobClient(photo.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(photo.ThumbnailBlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return DeleteOutcome.Deleted;
    }

    /// <summary>The photo's bytes (or its thumbnail's), streamed from storage.</summary>
    public async Task<Stream> OpenAsync(Photo photo, bool thumbnail, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.PhotosContainer);
        var blob = container.GetBlobClient(thumbnail ? photo.ThumbnailBlobName : photo.BlobName);
        var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
        return download.Value.Content;
    }

    /// <summary>
    /// Every photo in one zip, written straight to <paramref name="output"/> as each blob streams in:
    /// stored, not compressed (JPEGs do not shrink), one folder per day.
    /// </summary>
    public async Task WriteZipAsync(IReadOnlyList<Photo> photos, Stream output, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageTables.PhotosContainer);
        await using var bridge = new AsyncWriteStream(output);
        await using (var zip = await ZipArchive.CreateAsync(bridge, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8, cancellationToken))
        {
            await WriteEntriesAsync(zip, container, photos, cancellationToken);
        }
        await bridge.FlushAsync(cancellationToken);
    }

    static async Task WriteEntriesAsync(ZipArchive zip, BlobContainerClient container, IReadOnlyList<Photo> photos, CancellationToken cancellationToken)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var photo in photos)
        {
            var baseName = $"{photo.Day:yyyy-MM-dd}/{UploadNames.ForArchive(Path.GetFileNameWithoutExtension(photo.FileName))}";
            var entryName = baseName + PhotoExtension(photo);
            for (var n = 2; !used.Add(entryName); n++)
            {
                entryName = $"{baseName}-{n.ToString(CultureInfo.InvariantCulture)}{PhotoExtension(photo)}";
            }
            var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression);
            entry.LastWriteTime = photo.UploadedAt;
            await using var target = await entry.OpenAsync(cancellationToken);
            await container.GetBlobClient(photo.BlobName).DownloadToAsync(target, cancellationToken);
        }
    }

    static string PhotoExtension(Photo photo) => Path.GetExtension(photo.FileName) is { Length: > 0 } e ? e.ToLowerInvariant() : ".jpg";

    static async Task<int> CountByAsync(TableClient table, string programmeId, string uploader, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and UploadedBy eq {uploader}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }
        return count;
    }

    static async Task ThrowIfDuplicateAsync(TableClient table, string programmeId, string sha, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, HashPrefix + sha, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            throw new MediaRejectedException(409, "duplicate", "This photo is already in the gallery.") { ExistingId = existing.Value!.GetString("PhotoId") };
        }
    }

    /// <summary>Sortable by time, unguessable enough, and a valid id in URLs: 32 lower-case hex digits.</summary>
    internal static string NewId() => Guid.CreateVersion7().ToString("N");
}

/// <summary>Which day (and optionally which session) a photo belongs to.</summary>
public sealed record PhotoPlacement(DateOnly Day, string? SessionId)
{
    /// <summary>
    /// From the form: a session (its day follows), or a day of the programme; with neither, today in the
    /// programme's zone when it is a programme day, or else the nearest programme day.
    /// </summary>
    public static PhotoPlacement Resolve(Programme programme, string? day, string? sessionId, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(sessionId))
        {
            var owner = programme.Days.FirstOrDefault(d => d.Sessions.Any(s => s.Id == sessionId.Trim()))
                ?? throw new MediaRejectedException(400, "unknown-session", $"This programme has no session '{sessionId}'.");
            return new PhotoPlacement(owner.Date, sessionId.Trim());
        }
        if (!string.IsNullOrWhiteSpace(day))
        {
            if (!DateOnly.TryParseExact(day.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || programme.Days.All(d => d.Date != date))
            {
                throw new MediaRejectedException(400, "unknown-day", $"'{day}' is not a day of this programme; use one of {string.Join(", ", programme.Days.Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}.");
            }
            return new PhotoPlacement(date, null);
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(programme.Clock.ToProgramme(now), programme.Zone).DateTime);
        var nearest = programme.Days.Select(d => d.Date).OrderBy(d => Math.Abs(d.DayNumber - today.DayNumber)).ThenBy(d => d).First();
        return new PhotoPlacement(nearest, null);
    }
}
