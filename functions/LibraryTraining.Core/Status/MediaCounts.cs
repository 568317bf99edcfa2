using LibraryTraining.Media;
using LibraryTraining.Programmes;

namespace LibraryTraining.Status;

/// <summary>How many handouts and photos a programme has, and which sessions have a handout.</summary>
public sealed record MediaCounts(int Handouts, int Photos, IReadOnlyDictionary<string, int> HandoutsBySession)
{
    public static MediaCounts None { get; } = new(0, 0, new Dictionary<string, int>());

    public int HandoutsFor(string sessionId) => this.HandoutsBySession.GetValueOrDefault(sessionId);
}

/// <summary>
/// The daily status and the dashboard ask this for handout and photo counts. It is the seam between
/// them and the media feature (Core/Media, issue 6), so that neither reaches into the other's storage.
/// Implementations read one programme's partition only, never a whole table or container.
/// </summary>
public interface IMediaCounts
{
    Task<MediaCounts> CountAsync(Programme programme, CancellationToken cancellationToken);
}

/// <summary>
/// Counts from the media feature's own records (Core/Media): its handout and photo rows, one partition
/// query each. A handout tied to a session counts for that session.
/// </summary>
public sealed class StoredMediaCounts(HandoutService handouts, PhotoService photos) : IMediaCounts
{
    public async Task<MediaCounts> CountAsync(Programme programme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var handoutList = handouts.ListAsync(programme.Id, cancellationToken);
        var photoList = photos.ListAsync(programme.Id, cancellationToken);
        var all = await handoutList;
        var bySession = all.Where(h => h.SessionId is not null)
            .GroupBy(h => h.SessionId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new MediaCounts(all.Count, (await photoList).Count, bySession);
    }
}
