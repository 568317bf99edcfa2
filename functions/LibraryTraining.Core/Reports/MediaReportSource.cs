using LibraryTraining.Attendance;
using LibraryTraining.Media;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Reports;

/// <summary>The report's handouts and photos, from the media services: thumbnails (JPEG), spread across the days.</summary>
public sealed class MediaReportSource(HandoutService handouts, PhotoService photos, ProgrammeStore programmes) : IReportMedia
{
    public async Task<IReadOnlyList<ReportHandout>> HandoutsAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        return (await handouts.ListAsync(programmeId, cancellationToken))
            .OrderBy(h => h.UploadedAt)
            .Select(h => new ReportHandout(h.Title, SessionTitle(programme, h.SessionId), h.FileName, null))
            .ToList();
    }

    public async Task<IReadOnlyList<ReportPhoto>> PhotosAsync(string programmeId, int max, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        // Round-robin over the days, earliest upload first within a day, so every day is shown.
        var byDay = (await photos.ListAsync(programmeId, cancellationToken))
            .Where(p => p.HasThumbnail)
            .GroupBy(p => p.Day).OrderBy(g => g.Key)
            .Select(g => new Queue<Photo>(g.OrderBy(p => p.UploadedAt)))
            .ToList();
        var chosen = new List<Photo>();
        while (chosen.Count < max && byDay.Any(q => q.Count > 0))
        {
            foreach (var day in byDay.Where(q => q.Count > 0))
            {
                if (chosen.Count < max)
                {
                    chosen.Add(day.Dequeue());
                }
            }
        }
        var list = new List<ReportPhoto>();
        foreach (var photo in chosen.OrderBy(p => p.Day).ThenBy(p => p.UploadedAt))
        {
            await using var stream = await photos.OpenAsync(photo, thumbnail: true, cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            var caption = ProgrammeDates.Date(photo.Day, "th") + (SessionTitle(programme, photo.SessionId) is { } s ? " · " + s : "");
            list.Add(new ReportPhoto(caption, "image/jpeg", copy.ToArray()));
        }
        return list;
    }

    static string? SessionTitle(Programme? programme, string? sessionId) =>
        programme is not null && sessionId is not null && CheckInWindow.Find(programme, sessionId) is { } found ? found.Session.Title : null;
}
