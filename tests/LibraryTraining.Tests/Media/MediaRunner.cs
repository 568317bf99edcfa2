using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using LibraryTraining.Enrolment;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Media;

/// <summary>One local runner for the media tests: each test makes its own programme, so they share it.</summary>
[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<RunnerFixture>
{
    public const string Name = "media";
}

/// <summary>Helpers the media tests share: programmes with accepted participants, raw multipart bodies, storage snapshots.</summary>
public static class MediaRunner
{
    /// <summary>A programme (seed, a month ahead) and the links of <paramref name="accepted"/> participants who accepted.</summary>
    public static async Task<(string Id, List<string> Tokens, Dictionary<string, string> All)> ProgrammeAsync(this RunnerFixture runner, int accepted = 2)
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, capacity: 22, quotas: false));
        var all = await runner.TokensAsync(id);
        var tokens = all.Values.Take(accepted).ToList();
        foreach (var token in tokens)
        {
            using var form = EnrolmentRunner.Form(("decision", "accept"));
            (await runner.Anonymous.PostAsync($"api/rsvp/{token}", form)).EnsureSuccessStatusCode();
        }
        return (id, tokens, all);
    }

    /// <summary>
    /// A multipart/form-data body written byte by byte, so a test controls exactly what the server sees:
    /// file names with NUL or backslashes, and bodies cut off before the closing boundary.
    /// </summary>
    public static ByteArrayContent Multipart(IEnumerable<(string Name, string? FileName, byte[] Content)> parts, int? cutAfterBytes = null)
    {
        var boundary = "----media-test-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        foreach (var (name, fileName, content) in parts)
        {
            var header = $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"" + (fileName is null ? "" : $"; filename=\"{fileName}\"")
                + (fileName is null ? "" : "\r\nContent-Type: image/jpeg") + "\r\n\r\n";
            body.Write(Encoding.UTF8.GetBytes(header));
            body.Write(content);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        var bytes = body.ToArray();
        var result = new ByteArrayContent(cutAfterBytes is { } cut ? bytes[..cut] : bytes);
        result.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return result;
    }

    public static ByteArrayContent File(string name, byte[] content, string field = "photo", params (string Name, string Value)[] fields) =>
        Multipart(fields.Select(f => (f.Name, (string?)null, Encoding.UTF8.GetBytes(f.Value))).Append((field, name, content)));

    /// <summary>Every row and blob (committed or only staged) a programme has in the media tables and containers.</summary>
    public static async Task<List<string>> MediaSnapshotAsync(this RunnerFixture runner, string programmeId)
    {
        var storage = runner.Get<StorageTables>();
        var lines = new List<string>();
        foreach (var name in new[] { StorageTables.Photos, StorageTables.Handouts })
        {
            var table = await storage.TableAsync(name);
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == programmeId))
            {
                lines.Add($"{name}/{row.RowKey}/{row.ETag}");
            }
        }
        foreach (var name in new[] { StorageTables.PhotosContainer, StorageTables.HandoutsContainer })
        {
            var container = await storage.ContainerAsync(name);
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, programmeId + "/", default))
            {
                lines.Add($"{name}/{blob.Name}/{blob.Properties.ContentLength}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<byte[]> BlobAsync(this RunnerFixture runner, string container, string name)
    {
        var client = (await runner.Get<StorageTables>().ContainerAsync(container)).GetBlobClient(name);
        return (await client.DownloadContentAsync()).Value.Content.ToArray();
    }

    public static HttpClient NoRedirects(this RunnerFixture runner) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = runner.Runner.Address };

    public static ParticipantLinks Links(this RunnerFixture runner) => runner.Get<ParticipantLinks>();
}
