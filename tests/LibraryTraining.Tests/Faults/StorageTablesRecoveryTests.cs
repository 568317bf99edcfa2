using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Faults;

/// <summary>
/// A table or container whose creation failed while storage was away is created again on the next
/// use, not failed for the rest of the process.
/// </summary>
public sealed class StorageTablesRecoveryTests
{
    [Fact]
    public async Task CreationThatFailedDuringAnOutage_IsTriedAgain_NotRemembered()
    {
        var connection = await SharedAzurite.ConnectionStringAsync();
        var outage = new Outage { Down = true };
        var tableOptions = new TableClientOptions { Retry = { MaxRetries = 0 } };
        tableOptions.AddPolicy(outage, HttpPipelinePosition.PerCall);
        var blobOptions = new BlobClientOptions { Retry = { MaxRetries = 0 } };
        blobOptions.AddPolicy(outage, HttpPipelinePosition.PerCall);
        var storage = new StorageTables(new TableServiceClient(connection, tableOptions), new BlobServiceClient(connection, blobOptions));

        await Assert.ThrowsAnyAsync<Exception>(() => storage.TableAsync(StorageTables.Programmes));
        await Assert.ThrowsAnyAsync<Exception>(() => storage.ContainerAsync(StorageTables.OutboxContainer));

        outage.Down = false;
        var table = await storage.TableAsync(StorageTables.Programmes);
        var container = await storage.ContainerAsync(StorageTables.OutboxContainer);
        Assert.Equal(StorageTables.Programmes, table.Name);
        Assert.True(await container.ExistsAsync());
        // And a success is kept: no second creation request.
        var requests = outage.Requests;
        await storage.TableAsync(StorageTables.Programmes);
        Assert.Equal(requests, outage.Requests);
    }

    /// <summary>Storage unreachable while <see cref="Down"/>: every request fails as a refused connection would.</summary>
    sealed class Outage : HttpPipelinePolicy
    {
        public volatile bool Down;
        public int Requests;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            this.ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Interlocked.Increment(ref this.Requests);
            if (this.Down)
            {
                throw new HttpRequestException("Connection refused (storage is down)");
            }
            return ProcessNextAsync(message, pipeline);
        }
    }
}
