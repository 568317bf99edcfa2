using Azure.Data.Tables;

namespace LibraryTraining.Storage;

public static class TableBatches
{
    /// <summary>Table transactions take at most 100 entities, all in one partition.</summary>
    public const int MaxBatch = 100;

    public static async Task SubmitInChunksAsync(this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var group in actions.GroupBy(a => a.Entity.PartitionKey))
        {
            foreach (var chunk in group.Chunk(MaxBatch))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }
    }

    /// <summary>The filter for every row key that starts with <paramref name="prefix"/> in one partition.</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix + '~'}");
}
