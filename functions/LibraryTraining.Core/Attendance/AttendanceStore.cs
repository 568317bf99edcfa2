using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Attendance;

/// <summary>One check-in: who, which session, when (programme time), and who ticked it.</summary>
public sealed record CheckIn(string SessionId, string ParticipantId, DateTimeOffset At, CheckInSource Source);

/// <summary>
/// Check-ins in Table storage: one partition per programme, one row per session and participant. The
/// first check-in is inserted, not upserted, so a second scan or a double tap keeps the first time.
/// </summary>
public sealed class AttendanceStore(StorageTables storage)
{
    public async Task<bool> AddAsync(string programmeId, CheckIn checkIn, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Attendance);
        try
        {
            await table.AddEntityAsync(new TableEntity(programmeId, Key(checkIn.SessionId, checkIn.ParticipantId))
            {
                ["At"] = checkIn.At,
                ["Source"] = checkIn.Source.ToString(),
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task RemoveAsync(string programmeId, string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Attendance);
        await table.DeleteEntityAsync(programmeId, Key(sessionId, participantId), ETag.All, cancellationToken);
    }

    public async Task<IReadOnlyList<CheckIn>> ListAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Attendance);
        var list = new List<CheckIn>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == programmeId, cancellationToken: cancellationToken))
        {
            var bar = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            list.Add(new CheckIn(row.RowKey[..bar], row.RowKey[(bar + 1)..], row.GetDateTimeOffset("At") ?? default,
                Enum.TryParse<CheckInSource>(row.GetString("Source"), out var source) ? source : CheckInSource.Organiser));
        }
        return list;
    }

    static string Key(string sessionId, string participantId) => $"{sessionId}|{participantId}";
}
