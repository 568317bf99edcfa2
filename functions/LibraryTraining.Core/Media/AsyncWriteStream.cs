namespace LibraryTraining.Media;

/// <summary>
/// Lets a writer that makes a few small synchronous writes (ZipArchive in .NET 10 writes each entry's
/// data descriptor synchronously, even in its async API) write to a stream that allows only async
/// writes, as ASP.NET Core's response body does. Synchronous writes wait in a small buffer and go out
/// with the next async write or flush; a large synchronous write is a bug and throws.
/// </summary>
public sealed class AsyncWriteStream(Stream inner) : Stream
{
    const int MaxPending = 64 * 1024;
    readonly MemoryStream pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (this.pending.Length + buffer.Length > MaxPending)
        {
            throw new InvalidOperationException("Too much written synchronously; write asynchronously.");
        }
        this.pending.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await this.FlushPendingAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        this.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await this.FlushPendingAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    async Task FlushPendingAsync(CancellationToken cancellationToken)
    {
        if (this.pending.Length > 0)
        {
            await inner.WriteAsync(this.pending.GetBuffer().AsMemory(0, (int)this.pending.Length), cancellationToken);
            this.pending.SetLength(0);
        }
    }

    // Flushing happens in FlushAsync; a synchronous flush has nothing it may do.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
