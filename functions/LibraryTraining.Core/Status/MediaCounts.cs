using Azure;
using Azure.Storage.Blobs;
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
/// them and the media feature (Core/Media, issue 6): that feature should register its own
/// implementation (a plain <c>AddSingleton&lt;IMediaCounts, ...&gt;</c> replaces the default below).
/// Implementations read one programme's partition or prefix only, never a whole table or container.
/// </summary>
public interface IMediaCounts
{
    Task<MediaCounts> CountAsync(Programme programme, CancellationToken cancellationToken);
}

/// <summary>
/// The default until the media feature brings its own: counts blobs under the programme's prefix in the
/// <c>handouts</c> and <c>photos</c> containers, where a handout tied to a session is stored as
/// <c>{programmeId}/{sessionId}/{file}</c> and a photo's thumbnail under a <c>thumbs/</c> segment (not
/// counted). A container that does not exist yet counts as none; nothing is created, so a GET stays a read.
/// </summary>
public sealed class BlobMediaCounts(BlobServiceClient blobs) : IMediaCounts
{
    public const string HandoutsContainer = "handouts";
    public const string PhotosContainer = "photos";

    public async Task<MediaCounts> CountAsync(Programme programme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var sessions = programme.Days.SelectMany(d => d.Sessions).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var handouts = await this.NamesAsync(HandoutsContainer, programme.Id, cancellationToken);
        var photos = await this.NamesAsync(PhotosContainer, programme.Id, cancellationToken);
        var bySession = handouts
            .Select(name => name.Split('/'))
            .Where(parts => parts.Length > 2 && sessions.Contains(parts[1]))
            .GroupBy(parts => parts[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new MediaCounts(handouts.Count, photos.Count(n => !n.Contains("/thumbs/", StringComparison.Ordinal)), bySession);
    }

    async Task<List<string>> NamesAsync(string container, string programmeId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, programmeId + "/", cancellationToken))
            {
                names.Add(blob.Name);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: nothing uploaded anywhere.
        }
        return names;
    }
}
