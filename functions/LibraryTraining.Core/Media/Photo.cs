using Azure.Data.Tables;

namespace LibraryTraining.Media;

/// <summary>One photo of a programme: kept under photos/{programme}/{id}, its thumbnail beside it.</summary>
public sealed record Photo
{
    public required string Id { get; init; }
    public required string ProgrammeId { get; init; }
    public required DateOnly Day { get; init; }
    public string? SessionId { get; init; }
    /// <summary><see cref="Uploader.OrganiserId"/>, or the participant's id.</summary>
    public required string UploadedBy { get; init; }
    public required string UploaderName { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required long Bytes { get; init; }
    /// <summary>SHA-256 of the file as it was uploaded, before location was taken out: the duplicate check.</summary>
    public required string Sha256 { get; init; }
    public bool HasThumbnail { get; init; }
    public bool GpsRemoved { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }

    public string BlobName => $"{this.ProgrammeId}/{this.Id}";
    public string ThumbnailBlobName => $"{this.ProgrammeId}/{this.Id}.thumb.jpg";

    internal const string RowPrefix = "photo:";

    internal TableEntity ToEntity() => new(this.ProgrammeId, RowPrefix + this.Id)
    {
        ["Day"] = this.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["SessionId"] = this.SessionId,
        ["UploadedBy"] = this.UploadedBy,
        ["UploaderName"] = this.UploaderName,
        ["FileName"] = this.FileName,
        ["ContentType"] = this.ContentType,
        ["Width"] = this.Width,
        ["Height"] = this.Height,
        ["Bytes"] = this.Bytes,
        ["Sha256"] = this.Sha256,
        ["HasThumbnail"] = this.HasThumbnail,
        ["GpsRemoved"] = this.GpsRemoved,
        ["UploadedAt"] = this.UploadedAt,
    };

    internal static Photo FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey[RowPrefix.Length..],
        ProgrammeId = e.PartitionKey,
        Day = DateOnly.ParseExact(e.GetString("Day"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        SessionId = e.GetString("SessionId"),
        UploadedBy = e.GetString("UploadedBy"),
        UploaderName = e.GetString("UploaderName") ?? "",
        FileName = e.GetString("FileName") ?? "photo",
        ContentType = e.GetString("ContentType"),
        Width = e.GetInt32("Width") ?? 0,
        Height = e.GetInt32("Height") ?? 0,
        Bytes = e.GetInt64("Bytes") ?? 0,
        Sha256 = e.GetString("Sha256"),
        HasThumbnail = e.GetBoolean("HasThumbnail") ?? false,
        GpsRemoved = e.GetBoolean("GpsRemoved") ?? false,
        UploadedAt = e.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue,
    };
}

/// <summary>Who uploads: the organisers (through the key), or a participant through their own link.</summary>
public sealed record Uploader(string Id, string Name)
{
    public const string OrganiserId = "organiser";

    public static Uploader Organiser { get; } = new(OrganiserId, "ผู้จัด / Organiser");

    public bool IsOrganiser => this.Id == OrganiserId;
}

public enum DeleteOutcome { Deleted, NotFound, NotYours }
