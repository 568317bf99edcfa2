namespace LibraryTraining.Reports;

public sealed record ReportHandout(string Title, string? Session, string? FileName, Uri? Link);

/// <summary>A photo for the report: JPEG or PNG bytes, small enough to print (a thumbnail or a resized copy).</summary>
public sealed record ReportPhoto(string? Caption, string ContentType, byte[] Content);

/// <summary>
/// What the report needs from the media side (handouts and photos): <see cref="MediaReportSource"/> reads
/// them from Core/Media; <see cref="NoReportMedia"/> is for a report without media.
/// </summary>
public interface IReportMedia
{
    Task<IReadOnlyList<ReportHandout>> HandoutsAsync(string programmeId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> photos, a selection across the programme's days.</summary>
    Task<IReadOnlyList<ReportPhoto>> PhotosAsync(string programmeId, int max, CancellationToken cancellationToken);
}

public sealed class NoReportMedia : IReportMedia
{
    public Task<IReadOnlyList<ReportHandout>> HandoutsAsync(string programmeId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReportHandout>>([]);

    public Task<IReadOnlyList<ReportPhoto>> PhotosAsync(string programmeId, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReportPhoto>>([]);
}
