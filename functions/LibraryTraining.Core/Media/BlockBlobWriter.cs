using System.Buffers;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace LibraryTraining.Media;

/// <summary>
/// Stages an upload as blocks of a block blob, 4 MiB at a time with one block in flight while the next
/// fills. Staged blocks are invisible until <see cref="CommitAsync"/>; an upload refused before then
/// calls <see cref="DiscardAsync"/>, which drops its staged blocks at once (storage would drop them
/// after a week anyway).
/// </summary>
public sealed class BlockBlobWriter(BlockBlobClient blob) : IUploadSink, IAsyncDisposable
{
    public const int BlockSize = 4 * 1024 * 1024;
    readonly List<string> blockIds = [];
    readonly string prefix = Guid.NewGuid().ToString("N")[..12];
    byte[] filling = ArrayPool<byte>.Shared.Rent(BlockSize);
    byte[]? sending;
    int filled;
    Task inFlight = Task.CompletedTask;

    public long BytesWritten { get; private set; }

    public BlockBlobClient Blob => blob;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, BlockSize - this.filled);
            data.Span[..take].CopyTo(this.filling.AsSpan(this.filled));
            this.filled += take;
            this.BytesWritten += take;
            data = data[take..];
            if (this.filled == BlockSize)
            {
                await this.SendAsync(cancellationToken);
            }
        }
    }

    async Task SendAsync(CancellationToken cancellationToken)
    {
        await this.inFlight;
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{this.prefix}-{this.blockIds.Count:D6}"));
        this.blockIds.Add(id);
        var block = this.filling;
        var length = this.filled;
        this.filling = this.sending ?? ArrayPool<byte>.Shared.Rent(BlockSize);
        this.sending = block;
        this.filled = 0;
        this.inFlight = Stage(block, length);

        async Task Stage(byte[] bytes, int count)
        {
            using var content = new MemoryStream(bytes, 0, count, writable: false);
            await blob.StageBlockAsync(id, content, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Stages what is left and makes the blob visible, with its content type and any metadata.</summary>
    public async Task CommitAsync(BlobHttpHeaders headers, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (this.filled > 0 || this.blockIds.Count == 0)
        {
            await this.SendAsync(cancellationToken);
        }
        await this.inFlight;
        await blob.CommitBlockListAsync(this.blockIds, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
    }

    /// <summary>Drops the staged blocks: committing an empty list discards them, and the empty blob goes too.</summary>
    public async Task DiscardAsync()
    {
        if (this.blockIds.Count == 0)
        {
            return;
        }
        try
        {
            await this.inFlight;
        }
        catch (Exception)
        {
            // The failed block is not there to discard.
        }
        try
        {
            await blob.CommitBlockListAsync([], cancellationToken: CancellationToken.None);
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        }
        catch (Azure.RequestFailedException)
        {
            // Left for storage's own clean-up of uncommitted blocks (a week).
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await this.inFlight;
        }
        catch (Exception)
        {
            // A block that failed to stage is dropped with the upload; the caller already has the error.
        }
        ArrayPool<byte>.Shared.Return(this.filling);
        if (this.sending is not null)
        {
            ArrayPool<byte>.Shared.Return(this.sending);
        }
    }
}
