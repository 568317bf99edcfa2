using System.Buffers.Binary;
using System.Text;

namespace LibraryTraining.Media;

public enum PhotoFormat { Jpeg, Png, WebP, Heic }

/// <summary>What reading a photo's structure found.</summary>
public sealed record PhotoFacts(PhotoFormat Format, int Width, int Height, bool GpsRemoved, bool MetadataDropped);

/// <summary>The bounds a photo must keep. Dimensions are read from the header, before anything is decoded.</summary>
public sealed record PhotoLimits(long MaxBytes = 20 * 1024 * 1024, long MaxPixels = 40_000_000, int MaxSide = 30_000)
{
    public static PhotoLimits Default { get; } = new();

    public void Check(long width, long height)
    {
        if (width <= 0 || height <= 0)
        {
            throw MediaRejectedException.Invalid("the picture's size in its header is zero");
        }
        if (width > this.MaxSide || height > this.MaxSide || width * height > this.MaxPixels)
        {
            throw new MediaRejectedException(422, "too-many-pixels",
                $"The picture is {width:N0} × {height:N0} pixels; at most {this.MaxPixels / 1_000_000} megapixels (and {this.MaxSide:N0} pixels a side) are accepted. Send a smaller copy.");
        }
    }
}

/// <summary>
/// Photos are recognised by their first bytes, never by name or declared type, then copied through a
/// reader for their own format that checks the structure to the end (so a truncated file is caught),
/// reads the dimensions from the header, and takes location out: EXIF GPS is removed in place and XMP
/// (which can repeat it) is dropped or blanked. Data after the image's end marker is dropped too.
/// </summary>
public static class PhotoFormats
{
    public const string Accepted = "a photo: JPEG, PNG, WebP or HEIC";
    const int MaxMetadataBytes = 4 * 1024 * 1024;

    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PhotoFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return PhotoFormat.Jpeg;
        }
        if (head.Length >= 8 && head[..8].SequenceEqual(PngSignature))
        {
            return PhotoFormat.Png;
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return PhotoFormat.WebP;
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)head.Length);
            for (var at = 8; at + 4 <= size; at += 4)
            {
                if (at == 12)
                {
                    continue; // minor version, not a brand
                }
                if (IsHeicBrand(head.Slice(at, 4)))
                {
                    return PhotoFormat.Heic;
                }
            }
        }
        return null;
    }

    static bool IsHeicBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8)
        || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8);

    public static string ContentType(PhotoFormat format) => format switch
    {
        PhotoFormat.Jpeg => "image/jpeg",
        PhotoFormat.Png => "image/png",
        PhotoFormat.WebP => "image/webp",
        _ => "image/heic",
    };

    public static string Extension(PhotoFormat format) => format switch
    {
        PhotoFormat.Jpeg => ".jpg",
        PhotoFormat.Png => ".png",
        PhotoFormat.WebP => ".webp",
        _ => ".heic",
    };

    /// <summary>Reads the photo from <paramref name="input"/> and writes the copy to keep to <paramref name="output"/>.</summary>
    public static async Task<PhotoFacts> CopyAsync(UploadInput input, IUploadSink output, PhotoLimits limits, CancellationToken cancellationToken)
    {
        var head = await input.PeekAsync(32, cancellationToken);
        if (head.IsEmpty)
        {
            throw MediaRejectedException.Empty();
        }
        var format = Sniff(head.Span) ?? throw MediaRejectedException.WrongType(Accepted);
        var facts = format switch
        {
            PhotoFormat.Jpeg => await JpegAsync(input, output, limits, cancellationToken),
            PhotoFormat.Png => await PngAsync(input, output, limits, cancellationToken),
            PhotoFormat.WebP => await WebPAsync(input, output, limits, cancellationToken),
            _ => await HeicAsync(input, output, limits, cancellationToken),
        };
        // Whatever follows the image's end (a phone's appended video, say) is read, counted and hashed, but not kept.
        await input.CopyToEndAsync(null, cancellationToken);
        return facts;
    }

    // ---- JPEG: segments up to the scan, then entropy-coded data up to EOI.

    static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();
    static readonly byte[] XmpHeader = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    static readonly byte[] XmpExtensionHeader = "http://ns.adobe.com/xmp/extension/\0"u8.ToArray();

    static async Task<PhotoFacts> JpegAsync(UploadInput input, IUploadSink output, PhotoLimits limits, CancellationToken ct)
    {
        await output.WriteAsync(await input.ReadExactAsync(2, ct), ct);
        int width = 0, height = 0;
        bool gps = false, dropped = false;
        while (true)
        {
            if (await input.ReadByteAsync(ct) != 0xFF)
            {
                throw MediaRejectedException.Invalid("a JPEG segment does not start where it should");
            }
            byte marker;
            do
            {
                marker = await input.ReadByteAsync(ct);
            }
            while (marker == 0xFF);
            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                await output.WriteAsync(new byte[] { 0xFF, marker }, ct);
                continue;
            }
            if (marker == 0xD9)
            {
                throw MediaRejectedException.Invalid("the JPEG ends before its picture");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian((await input.ReadExactAsync(2, ct)).Span);
            if (length < 2)
            {
                throw MediaRejectedException.Invalid("a JPEG segment has an impossible length");
            }
            var payload = (await input.ReadExactAsync(length - 2, ct)).ToArray();
            if (marker == 0xE1 && payload.AsSpan().StartsWith(ExifHeader))
            {
                gps |= ExifGps.Scrub(payload.AsSpan(ExifHeader.Length)) != ExifGps.Outcome.NoGps;
            }
            else if (marker == 0xE1 && (payload.AsSpan().StartsWith(XmpHeader) || payload.AsSpan().StartsWith(XmpExtensionHeader)))
            {
                dropped = true;
                continue;
            }
            else if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (payload.Length < 5)
                {
                    throw MediaRejectedException.Invalid("the JPEG frame header is too short");
                }
                height = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(1));
                width = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(3));
                limits.Check(width, height);
            }
            await output.WriteAsync(new byte[] { 0xFF, marker, (byte)(length >> 8), (byte)length }, ct);
            await output.WriteAsync(payload, ct);
            if (marker == 0xDA)
            {
                if (width == 0)
                {
                    throw MediaRejectedException.Invalid("the JPEG has no frame header before its picture data");
                }
                break;
            }
        }
        await JpegScanAsync(input, output, ct);
        return new PhotoFacts(PhotoFormat.Jpeg, width, height, gps, dropped);
    }

    /// <summary>Entropy-coded data and any later segments (progressive JPEGs), up to and including EOI.</summary>
    static async Task JpegScanAsync(UploadInput input, IUploadSink output, CancellationToken ct)
    {
        while (true)
        {
            var chunk = await input.PeekSomeAsync(ct);
            if (chunk.IsEmpty)
            {
                throw MediaRejectedException.Truncated();
            }
            var ff = chunk.Span.IndexOf((byte)0xFF);
            if (ff < 0)
            {
                await output.WriteAsync(chunk, ct);
                input.Advance(chunk.Length);
                continue;
            }
            await output.WriteAsync(chunk[..ff], ct);
            input.Advance(ff + 1);
            byte marker;
            while ((marker = await input.ReadByteAsync(ct)) == 0xFF)
            {
                // fill bytes before a marker
            }
            if (marker == 0x00 || marker is >= 0xD0 and <= 0xD7)
            {
                await output.WriteAsync(new byte[] { 0xFF, marker }, ct); // stuffed byte or restart marker
                continue;
            }
            await output.WriteAsync(new byte[] { 0xFF, marker }, ct);
            if (marker == 0xD9)
            {
                return;
            }
            // A segment between scans (tables, the next scan's header): copied whole, not searched for markers.
            var lengthBytes = await input.ReadExactAsync(2, ct);
            var length = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes.Span);
            if (length < 2)
            {
                throw MediaRejectedException.Invalid("a JPEG segment has an impossible length");
            }
            await output.WriteAsync(lengthBytes.ToArray(), ct);
            await input.CopyAsync(length - 2, output, ct);
        }
    }

    // ---- PNG: chunks from IHDR to IEND.

    static async Task<PhotoFacts> PngAsync(UploadInput input, IUploadSink output, PhotoLimits limits, CancellationToken ct)
    {
        await output.WriteAsync((await input.ReadExactAsync(8, ct)).ToArray(), ct);
        int width = 0, height = 0;
        bool gps = false, dropped = false, first = true;
        while (true)
        {
            var header = (await input.ReadExactAsync(8, ct)).ToArray();
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            if (length > int.MaxValue)
            {
                throw MediaRejectedException.Invalid("a PNG chunk has an impossible length");
            }
            if (first != (type == "IHDR"))
            {
                throw MediaRejectedException.Invalid("the PNG does not start with its header chunk");
            }
            first = false;
            switch (type)
            {
                case "IHDR":
                    {
                        if (length != 13)
                        {
                            throw MediaRejectedException.Invalid("the PNG header chunk has the wrong length");
                        }
                        var data = (await input.ReadExactAsync(13 + 4, ct)).ToArray();
                        width = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(data));
                        height = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4)));
                        limits.Check(width, height);
                        await output.WriteAsync(header, ct);
                        await output.WriteAsync(data, ct);
                        break;
                    }
                case "eXIf":
                    {
                        var data = await input.ReadArrayAsync(length, MaxMetadataBytes, ct);
                        await input.ReadExactAsync(4, ct);
                        gps |= ExifGps.Scrub(data) != ExifGps.Outcome.NoGps;
                        var crc = new byte[4];
                        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Of(header.AsSpan(4, 4), data));
                        await output.WriteAsync(header, ct);
                        await output.WriteAsync(data, ct);
                        await output.WriteAsync(crc, ct);
                        break;
                    }
                case "tEXt" or "zTXt" or "iTXt":
                    {
                        // XMP, and ImageMagick's hex copies of EXIF, live in text chunks: dropped.
                        var keyLength = (int)Math.Min(length, 80);
                        var key = (await input.ReadExactAsync(keyLength, ct)).ToArray();
                        var name = Encoding.Latin1.GetString(key, 0, Math.Max(0, Array.IndexOf(key, (byte)0) is var nul and >= 0 ? nul : key.Length));
                        if (name == "XML:com.adobe.xmp" || name.StartsWith("Raw profile type", StringComparison.Ordinal))
                        {
                            dropped = true;
                            await input.CopyAsync(length - keyLength + 4, null, ct);
                        }
                        else
                        {
                            await output.WriteAsync(header, ct);
                            await output.WriteAsync(key, ct);
                            await input.CopyAsync(length - keyLength + 4, output, ct);
                        }
                        break;
                    }
                default:
                    await output.WriteAsync(header, ct);
                    await input.CopyAsync(length + 4L, output, ct);
                    if (type == "IEND")
                    {
                        return new PhotoFacts(PhotoFormat.Png, width, height, gps, dropped);
                    }
                    break;
            }
        }
    }

    // ---- WebP: RIFF chunks; the first gives the size.

    static async Task<PhotoFacts> WebPAsync(UploadInput input, IUploadSink output, PhotoLimits limits, CancellationToken ct)
    {
        var riff = (await input.ReadExactAsync(12, ct)).ToArray();
        long end = 8L + BinaryPrimitives.ReadUInt32LittleEndian(riff.AsSpan(4));
        if (end < 12 + 8)
        {
            throw MediaRejectedException.Invalid("the WebP's RIFF size is impossible");
        }
        await output.WriteAsync(riff, ct);
        int width = 0, height = 0;
        bool gps = false, dropped = false;
        long position = 12;
        while (position < end)
        {
            var header = (await input.ReadExactAsync(8, ct)).ToArray();
            var fourcc = Encoding.ASCII.GetString(header, 0, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var padded = size + (size & 1);
            if (position + 8 + padded > end)
            {
                throw MediaRejectedException.Invalid("a WebP chunk runs past the end of the file");
            }
            if (position == 12)
            {
                var prefixLength = fourcc switch { "VP8X" => 10, "VP8 " => 10, "VP8L" => 5, _ => throw MediaRejectedException.Invalid("the WebP has no image header") };
                if (size < prefixLength)
                {
                    throw MediaRejectedException.Invalid("the WebP image header is too short");
                }
                var prefix = (await input.ReadExactAsync(prefixLength, ct)).ToArray();
                (width, height) = fourcc switch
                {
                    "VP8X" => (1 + (prefix[4] | prefix[5] << 8 | prefix[6] << 16), 1 + (prefix[7] | prefix[8] << 8 | prefix[9] << 16)),
                    "VP8 " => prefix[3] == 0x9d && prefix[4] == 0x01 && prefix[5] == 0x2a
                        ? (BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(6)) & 0x3fff, BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8)) & 0x3fff)
                        : throw MediaRejectedException.Invalid("the WebP's VP8 header has no start code"),
                    _ => prefix[0] == 0x2f
                        ? ((int)(BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(1)) & 0x3fff) + 1, (int)((BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(1)) >> 14) & 0x3fff) + 1)
                        : throw MediaRejectedException.Invalid("the WebP's lossless header has no signature"),
                };
                limits.Check(width, height);
                await output.WriteAsync(header, ct);
                await output.WriteAsync(prefix, ct);
                await input.CopyAsync(padded - prefixLength, output, ct);
            }
            else if (fourcc == "EXIF")
            {
                var data = await input.ReadArrayAsync(padded, MaxMetadataBytes, ct);
                var tiff = data.AsSpan(0, (int)size);
                gps |= ExifGps.Scrub(tiff.StartsWith(ExifHeader) ? tiff[ExifHeader.Length..] : tiff) != ExifGps.Outcome.NoGps;
                await output.WriteAsync(header, ct);
                await output.WriteAsync(data, ct);
            }
            else if (fourcc == "XMP ")
            {
                // Blanked rather than removed, so the RIFF size already written stays right.
                dropped = true;
                await input.CopyAsync(padded, null, ct);
                await output.WriteAsync(header, ct);
                await WriteFillAsync(output, padded, (byte)' ', ct);
            }
            else
            {
                await output.WriteAsync(header, ct);
                await input.CopyAsync(padded, output, ct);
            }
            position += 8 + padded;
        }
        return new PhotoFacts(PhotoFormat.WebP, width, height, gps, dropped);
    }

    static async Task WriteFillAsync(IUploadSink output, long count, byte value, CancellationToken ct)
    {
        var fill = new byte[(int)Math.Min(count, 64 * 1024)];
        Array.Fill(fill, value);
        while (count > 0)
        {
            var take = (int)Math.Min(count, fill.Length);
            await output.WriteAsync(fill.AsMemory(0, take), ct);
            count -= take;
        }
    }

    // ---- HEIC: ISO base media boxes. The 'meta' box says where the EXIF and XMP items lie in the file;
    // they are cleaned as the stream passes them, so they must come after 'meta' (as phones write them).

    static async Task<PhotoFacts> HeicAsync(UploadInput input, IUploadSink output, PhotoLimits limits, CancellationToken ct)
    {
        HeifMeta? meta = null;
        var first = true;
        bool gps = false, dropped = false;
        var pending = new List<HeifMeta.Range>();
        while (!await input.AtEndAsync(ct))
        {
            var boxStart = input.Position;
            var header = (await input.ReadExactAsync(8, ct)).ToArray();
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header, 4, 4);
            var headerBytes = header.ToList();
            if (size == 1)
            {
                var large = (await input.ReadExactAsync(8, ct)).ToArray();
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(large), long.MaxValue);
                headerBytes.AddRange(large);
            }
            if (first && type != "ftyp")
            {
                throw MediaRejectedException.Invalid("the HEIC does not start with its file type box");
            }
            first = false;
            var toEnd = size == 0;
            if (!toEnd && size < headerBytes.Count)
            {
                throw MediaRejectedException.Invalid("a HEIC box has an impossible size");
            }
            var body = size - headerBytes.Count;
            if (type == "meta")
            {
                if (meta is not null || toEnd)
                {
                    throw MediaRejectedException.Invalid("the HEIC has more than one metadata box");
                }
                var data = await input.ReadArrayAsync(body, MaxMetadataBytes, ct);
                meta = HeifMeta.Parse(data, boxStart + headerBytes.Count);
                limits.Check(meta.Width, meta.Height);
                foreach (var range in meta.Ranges)
                {
                    if (range.InMeta)
                    {
                        (gps, dropped) = Clean(data.AsSpan((int)range.Offset, (int)range.Length), range.Kind, gps, dropped);
                    }
                    else if (range.Offset < boxStart + size)
                    {
                        throw new MediaRejectedException(422, "unsupported-layout",
                            "This HEIC keeps its metadata before its description, so its location cannot be removed safely. Send it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible).");
                    }
                    else
                    {
                        pending.Add(range);
                    }
                }
                pending.Sort((a, b) => a.Offset.CompareTo(b.Offset));
                await output.WriteAsync(headerBytes.ToArray(), ct);
                await output.WriteAsync(data, ct);
                continue;
            }
            await output.WriteAsync(headerBytes.ToArray(), ct);
            var boxEnd = toEnd ? long.MaxValue : boxStart + size;
            while (pending.Count > 0 && pending[0].Offset < boxEnd)
            {
                var range = pending[0];
                pending.RemoveAt(0);
                if (range.Offset < input.Position || range.Offset + range.Length > boxEnd)
                {
                    throw MediaRejectedException.Invalid("a HEIC metadata item overlaps a box boundary");
                }
                await input.CopyAsync(range.Offset - input.Position, output, ct);
                var item = await input.ReadArrayAsync(range.Length, MaxMetadataBytes, ct);
                (gps, dropped) = Clean(item, range.Kind, gps, dropped);
                await output.WriteAsync(item, ct);
            }
            if (toEnd)
            {
                await input.CopyToEndAsync(output, ct);
            }
            else
            {
                await input.CopyAsync(boxEnd - input.Position, output, ct);
            }
        }
        if (meta is null)
        {
            throw MediaRejectedException.Invalid("the HEIC has no metadata box");
        }
        if (pending.Count > 0)
        {
            throw MediaRejectedException.Truncated();
        }
        return new PhotoFacts(PhotoFormat.Heic, meta.Width, meta.Height, gps, dropped);
    }

    static (bool Gps, bool Dropped) Clean(Span<byte> item, HeifMeta.ItemKind kind, bool gps, bool dropped)
    {
        if (kind == HeifMeta.ItemKind.Xmp)
        {
            item.Fill((byte)' ');
            return (gps, true);
        }
        // An EXIF item: a 4-byte offset to the TIFF header, then the EXIF (often "Exif\0\0" first).
        if (item.Length < 4)
        {
            item.Clear();
            return (true, dropped);
        }
        var skip = BinaryPrimitives.ReadUInt32BigEndian(item);
        if (skip > item.Length - 4)
        {
            item.Clear();
            return (true, dropped);
        }
        return (gps | ExifGps.Scrub(item[(4 + (int)skip)..]) != ExifGps.Outcome.NoGps, dropped);
    }
}

/// <summary>CRC-32 as PNG chunks use it.</summary>
static class Crc32
{
    static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    public static uint Of(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in first)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        foreach (var b in second)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return c ^ 0xFFFFFFFFu;
    }
}
