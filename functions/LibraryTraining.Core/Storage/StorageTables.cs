using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace LibraryTraining.Storage;

/// <summary>The tables and containers the app owns. Each is created on first use, once per process.</summary>
public sealed class StorageTables(TableServiceClient tables, BlobServiceClient blobs)
{
    public const string Programmes = "Programmes";
    public const string ProgrammeIndex = "ProgrammeIndex";
    public const string Links = "Links";
    public const string MailLedger = "MailLedger";
    /// <summary>Per programme: each add or CSV import, the ids it added, for its invitations (see RosterImportStore).</summary>
    public const string RosterImports = "RosterImports";
    /// <summary>Per programme: which day's status went to the organisers, and when the last one did.</summary>
    public const string DailyStatus = "DailyStatus";
    /// <summary>The local runner's outbox: {programme}/{ticks}-{id}.json, one blob per send.</summary>
    public const string OutboxContainer = "outbox";
    /// <summary>Handouts and photos: one partition per programme (metadata and SHA-256 rows for duplicates); the files in the containers.</summary>
    public const string Handouts = "Handouts";
    public const string Photos = "Photos";
    public const string HandoutsContainer = "handouts";
    public const string PhotosContainer = "photos";

    /// <summary>Check-ins: one partition per programme, a row per session and participant.</summary>
    public const string Attendance = "Attendance";
    /// <summary>Survey answers: one partition per programme, a row per participant who answered.</summary>
    public const string Feedback = "Feedback";
    /// <summary>Certificates by their random id (for verification), and per programme by participant (for issuing once).</summary>
    public const string Certificates = "Certificates";
    /// <summary>Final reports, HTML and PDF: reports/{programme}/report.html and report.pdf.</summary>
    public const string ReportsContainer = "reports";

    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tableClients = new();
    readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> containers = new();

    public Task<TableClient> TableAsync(string name) =>
        Once(this.tableClients, name, async n =>
        {
            var client = tables.GetTableClient(n);
            await client.CreateIfNotExistsAsync();
            return client;
        });

    public Task<BlobContainerClient> ContainerAsync(string name) =>
        Once(this.containers, name, async n =>
        {
            var client = blobs.GetBlobContainerClient(n);
            await client.CreateIfNotExistsAsync();
            return client;
        });

    /// <summary>
    /// Creates each table or container once per process, however many callers ask at the same time.
    /// Only a success is kept: a creation that failed (storage down for a moment) is forgotten, so the
    /// next caller tries again instead of getting the same failure for as long as the process lives.
    /// </summary>
    static Task<T> Once<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, Func<string, Task<T>> create)
    {
        var once = cache.GetOrAdd(name, n => new Lazy<Task<T>>(() => create(n)));
        var task = once.Value;
        return task.IsCompletedSuccessfully ? task : ForgetIfFailedAsync(task);

        async Task<T> ForgetIfFailedAsync(Task<T> creating)
        {
            try
            {
                return await creating;
            }
            catch
            {
                cache.TryRemove(KeyValuePair.Create(name, once));
                throw;
            }
        }
    }
}
