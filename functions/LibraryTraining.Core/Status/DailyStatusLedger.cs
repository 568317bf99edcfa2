using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Status;

/// <summary>
/// The DailyStatus table, one partition per programme: a row per status day (who is sending it, and
/// whether it went) and a row with the last daily status sent. A day's row is claimed before its mail is
/// composed, so two timer firings at once, or two instances, send it once; a claim whose holder died (a
/// killed runner) lapses after <see cref="ClaimLease"/> and the next firing takes it over.
/// </summary>
public sealed class DailyStatusLedger(StorageTables storage, TimeProvider time)
{
    /// <summary>Longer than composing and handing over one programme's status ever takes.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);
    const string LastKey = "last";

    public sealed record Claim(string ProgrammeId, DateOnly Day, ETag ETag);

    public sealed record DayRow(DateOnly Day, DateTimeOffset ClaimedAt, DateTimeOffset? SentAt, int Recipients);

    public static string DayKey(DateOnly day) => "day|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<DayRow?> FindDayAsync(string programmeId, DateOnly day, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.DailyStatus);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, DayKey(day), cancellationToken: cancellationToken);
        return row.HasValue ? ToDay(day, row.Value!) : null;
    }

    /// <summary>Takes the day's status for this caller; null when it was sent, or someone else is sending it now.</summary>
    public async Task<Claim?> TryClaimAsync(string programmeId, DateOnly day, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.DailyStatus);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = time.GetUtcNow();
            try
            {
                var added = await table.AddEntityAsync(new TableEntity(programmeId, DayKey(day)) { ["ClaimedAt"] = now }, cancellationToken);
                return new Claim(programmeId, day, added.Headers.ETag ?? ETag.All);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Claimed before: sent, being sent, or left behind by a holder that died.
            }
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, DayKey(day), cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                continue; // released meanwhile: try to claim it again
            }
            var row = existing.Value!;
            var state = ToDay(day, row);
            if (state.SentAt is not null || now - state.ClaimedAt < ClaimLease)
            {
                return null;
            }
            row["ClaimedAt"] = now;
            try
            {
                // ETag-checked: of two firings that find the same lapsed claim, one takes it.
                var updated = await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return new Claim(programmeId, day, updated.Headers.ETag ?? ETag.All);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>
    /// Marks the day sent and remembers it as the last daily status (changes are counted from its time):
    /// both rows in one transaction of the programme's partition.
    /// </summary>
    public async Task MarkSentAsync(Claim claim, DateTimeOffset asOf, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await storage.TableAsync(StorageTables.DailyStatus);
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(claim.ProgrammeId, DayKey(claim.Day))
            {
                ["ClaimedAt"] = asOf,
                ["SentAt"] = time.GetUtcNow(),
                ["AsOf"] = asOf,
                ["Recipients"] = recipients,
            }),
            // Only today's status is ever sent, so the newest send is always the last one.
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(claim.ProgrammeId, LastKey)
            {
                ["AsOf"] = asOf,
                ["Day"] = claim.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }),
        ], cancellationToken);
    }

    /// <summary>Gives a claim back after a failure, so the next firing sends the status instead of waiting out the lease.</summary>
    public async Task ReleaseAsync(Claim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await storage.TableAsync(StorageTables.DailyStatus);
        try
        {
            await table.DeleteEntityAsync(claim.ProgrammeId, DayKey(claim.Day), claim.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone, or taken over already.
        }
    }

    /// <summary>When the last daily status was taken (its "as of"), or null before the first.</summary>
    public async Task<DateTimeOffset?> LastAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.DailyStatus);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, LastKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("AsOf") : null;
    }

    static DayRow ToDay(DateOnly day, TableEntity row) =>
        new(day, row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset("SentAt"), row.GetInt32("Recipients") ?? 0);
}
