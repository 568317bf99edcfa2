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

    /// <summary>A string property holds 64 KiB (32K UTF-16 characters); longer text is split across properties.</summary>
    const int MaxChars = 30_000;

    /// <summary>Stores <paramref name="text"/> in <paramref name="entity"/> as properties {prefix}0, {prefix}1, ... of at most 30,000 characters.</summary>
    public static void SetLongText(this TableEntity entity, string prefix, string text)
    {
        for (var part = 0; part * MaxChars < text.Length; part++)
        {
            entity[$"{prefix}{part}"] = text.Substring(part * MaxChars, Math.Min(MaxChars, text.Length - part * MaxChars));
        }
    }

    /// <summary>The text <see cref="SetLongText"/> stored under <paramref name="prefix"/>, joined back.</summary>
    public static string GetLongText(this TableEntity entity, string prefix)
    {
        var text = new System.Text.StringBuilder();
        for (var part = 0; entity.GetString($"{prefix}{part}") is { } piece; part++)
        {
            text.Append(piece);
        }
        return text.ToString();
    }

    /// <summary>The filter for every row key that starts with <paramref name="prefix"/> in one partition.</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {prefix + '~'}");
}
