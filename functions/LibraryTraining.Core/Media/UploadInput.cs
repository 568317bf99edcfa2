using System.Security.Cryptography;

namespace LibraryTraining.Media;

/// <summary>
/// Reads an upload once, front to back, through a small buffer: it counts (refusing past the limit),
/// hashes everything read with SHA-256, and lets a format reader peek, read exactly, or pass bytes on.
/// Memory stays at the buffer's size whatever the upload's.
/// </summary>
public sealed class UploadInput(Stream source, long limit) : IDisposable
{
    const int BufferSize = 128 * 1024;
    readonly byte[] buffer = new byte[BufferSize];
    readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    int start;
    int end;
    bool finished;

    /// <summary>Bytes read from the source so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The file offset of the next byte a reader gets.</summary>
    public long Position => this.BytesRead - (this.end - this.start);

    public long Limit => limit;

    /// <summary>Makes at least <paramref name="count"/> bytes available, unless the upload ends first.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> PeekAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, BufferSize);
        while (this.end - this.start < count && !this.finished)
        {
            if (BufferSize - this.start < count || this.end == BufferSize)
            {
                // Move what is left to the front, so the bytes asked for fit in one piece.
                Buffer.BlockCopy(this.buffer, this.start, this.buffer, 0, this.end - this.start);
                this.end -= this.start;
                this.start = 0;
            }
            var read = await source.ReadAsync(this.buffer.AsMemory(this.end, BufferSize - this.end), cancellationToken);
            if (read == 0)
            {
                this.finished = true;
                break;
            }
            this.sha.AppendData(this.buffer, this.end, read);
            this.end += read;
            this.BytesRead += read;
            if (this.BytesRead > limit)
            {
                throw MediaRejectedException.TooLarge(limit);
            }
        }
        return this.buffer.AsMemory(this.start, Math.Min(count, this.end - this.start));
    }

    /// <summary>Whatever is buffered (at least one byte), or empty at the end of the upload.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> PeekSomeAsync(CancellationToken cancellationToken)
    {
        if (this.end == this.start)
        {
            this.start = this.end = 0;
            await this.PeekAsync(1, cancellationToken);
        }
        return this.buffer.AsMemory(this.start, this.end - this.start);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, this.end - this.start);
        this.start += count;
    }

    /// <summary>The next <paramref name="count"/> bytes (valid until the next read); a short upload is truncated.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var got = await this.PeekAsync(count, cancellationToken);
        if (got.Length < count)
        {
            throw MediaRejectedException.Truncated();
        }
        this.start += count;
        return got;
    }

    public async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken) =>
        (await this.ReadExactAsync(1, cancellationToken)).Span[0];

    /// <summary>The next <paramref name="count"/> bytes in an array of their own, for metadata blocks of bounded size.</summary>
    public async ValueTask<byte[]> ReadArrayAsync(long count, long bound, CancellationToken cancellationToken)
    {
        if (count > bound)
        {
            throw MediaRejectedException.Invalid($"a metadata block of {count:N0} bytes is larger than the {bound:N0} allowed");
        }
        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            var chunk = await this.PeekSomeAsync(cancellationToken);
            if (chunk.IsEmpty)
            {
                throw MediaRejectedException.Truncated();
            }
            var take = (int)Math.Min(chunk.Length, count - done);
            chunk.Span[..take].CopyTo(result.AsSpan(done));
            this.Advance(take);
            done += take;
        }
        return result;
    }

    /// <summary>Passes the next <paramref name="count"/> bytes on (or skips them when <paramref name="output"/> is null).</summary>
    public async Task CopyAsync(long count, IUploadSink? output, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var chunk = await this.PeekSomeAsync(cancellationToken);
            if (chunk.IsEmpty)
            {
                throw MediaRejectedException.Truncated();
            }
            var take = (int)Math.Min(chunk.Length, count);
            if (output is not null)
            {
                await output.WriteAsync(chunk[..take], cancellationToken);
            }
            this.Advance(take);
            count -= take;
        }
    }

    /// <summary>Passes everything left on; returns how many bytes that was.</summary>
    public async Task<long> CopyToEndAsync(IUploadSink? output, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var chunk = await this.PeekSomeAsync(cancellationToken);
            if (chunk.IsEmpty)
            {
                return total;
            }
            if (output is not null)
            {
                await output.WriteAsync(chunk, cancellationToken);
            }
            this.Advance(chunk.Length);
            total += chunk.Length;
        }
    }

    public async ValueTask<bool> AtEndAsync(CancellationToken cancellationToken) =>
        (await this.PeekAsync(1, cancellationToken)).IsEmpty;

    /// <summary>The SHA-256 of every byte read, lower-case hex; call after the upload has been read to its end.</summary>
    public string Sha256Hex() => Convert.ToHexStringLower(this.sha.GetCurrentHash());

    public void Dispose() => this.sha.Dispose();
}

/// <summary>Where the bytes an upload keeps go: a block blob being staged, or memory in tests.</summary>
public interface IUploadSink
{
    long BytesWritten { get; }

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}

/// <summary>A sink into a stream (tests, thumbnails).</summary>
public sealed class StreamSink(Stream stream) : IUploadSink
{
    public long BytesWritten { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(data, cancellationToken);
        this.BytesWritten += data.Length;
    }
}
