using System.Buffers.Binary;
using System.Text;

namespace LibraryTraining.Media;

/// <summary>
/// What a HEIC's 'meta' box says that matters here (ISO/IEC 14496-12 and 23008-12): the largest image
/// size ('ispe'), and where the EXIF and XMP items lie ('iinf' + 'iloc'), as file offsets or, for items
/// kept inside the box ('idat'), offsets into it. Nothing is decoded.
/// </summary>
public sealed class HeifMeta
{
    public enum ItemKind { Exif, Xmp }

    /// <summary>A metadata item's bytes: in the file (<see cref="InMeta"/> false) or in the meta box's body.</summary>
    public sealed record Range(long Offset, long Length, ItemKind Kind, bool InMeta);

    public int Width { get; private set; }
    public int Height { get; private set; }
    public List<Range> Ranges { get; } = [];

    /// <param name="body">The meta box after its 8- or 16-byte header.</param>
    /// <param name="fileOffset">Where <paramref name="body"/> starts in the file.</param>
    public static HeifMeta Parse(byte[] body, long fileOffset)
    {
        try
        {
            return ParseChecked(body, fileOffset);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException or FormatException)
        {
            throw MediaRejectedException.Invalid("the HEIC's metadata box cannot be read");
        }
    }

    static HeifMeta ParseChecked(byte[] body, long fileOffset)
    {
        var meta = new HeifMeta();
        var kinds = new Dictionary<uint, ItemKind>();
        var locations = new List<(uint Item, int Method, long Offset, long Length, int Extents)>();
        long idatStart = -1;
        long idatLength = 0;
        foreach (var (type, start, length) in Boxes(body, 4, body.Length))
        {
            switch (type)
            {
                case "iinf":
                    ReadItemInfo(body, start, length, kinds);
                    break;
                case "iloc":
                    locations.AddRange(ReadLocations(body, start, length));
                    break;
                case "iprp":
                    foreach (var (inner, innerStart, innerLength) in Boxes(body, start, start + length))
                    {
                        if (inner != "ipco")
                        {
                            continue;
                        }
                        foreach (var (property, propertyStart, _) in Boxes(body, innerStart, innerStart + innerLength))
                        {
                            if (property == "ispe")
                            {
                                var w = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan((int)propertyStart + 4));
                                var h = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan((int)propertyStart + 8));
                                // The largest image described bounds what a decoder would have to allocate.
                                if ((long)w * h > (long)meta.Width * meta.Height)
                                {
                                    (meta.Width, meta.Height) = ((int)Math.Min(w, int.MaxValue), (int)Math.Min(h, int.MaxValue));
                                }
                            }
                        }
                    }
                    break;
                case "idat":
                    (idatStart, idatLength) = (start, length);
                    break;
            }
        }
        if (meta.Width == 0 || meta.Height == 0)
        {
            throw MediaRejectedException.Invalid("the HEIC does not say how large its picture is");
        }
        foreach (var (item, method, offset, length, extents) in locations)
        {
            if (!kinds.TryGetValue(item, out var kind))
            {
                continue;
            }
            if (extents != 1 || length <= 0 || method is not (0 or 1))
            {
                throw new MediaRejectedException(422, "unsupported-layout",
                    "This HEIC stores its metadata in a way that cannot be cleaned safely. Send it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible).");
            }
            if (method == 1)
            {
                if (idatStart < 0 || offset + length > idatLength)
                {
                    throw MediaRejectedException.Invalid("a HEIC metadata item lies outside its data box");
                }
                meta.Ranges.Add(new Range(idatStart + offset, length, kind, InMeta: true));
            }
            else if (offset >= fileOffset && offset + length <= fileOffset + body.Length)
            {
                meta.Ranges.Add(new Range(offset - fileOffset, length, kind, InMeta: true));
            }
            else
            {
                meta.Ranges.Add(new Range(offset, length, kind, InMeta: false));
            }
        }
        return meta;
    }

    static IEnumerable<(string Type, long Start, long Length)> Boxes(byte[] data, long from, long to)
    {
        var at = from;
        while (at + 8 <= to)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at));
            var type = Encoding.ASCII.GetString(data, (int)at + 4, 4);
            var header = 8;
            if (size == 1)
            {
                size = checked((long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan((int)at + 8)));
                header = 16;
            }
            else if (size == 0)
            {
                size = to - at;
            }
            if (size < header || at + size > to)
            {
                throw new FormatException("box size");
            }
            yield return (type, at + header, size - header);
            at += size;
        }
    }

    static void ReadItemInfo(byte[] data, long start, long length, Dictionary<uint, ItemKind> kinds)
    {
        var version = data[start];
        var entries = start + 4 + (version == 0 ? 2 : 4);
        foreach (var (type, infeStart, infeLength) in Boxes(data, entries, start + length))
        {
            if (type != "infe")
            {
                continue;
            }
            var infeVersion = data[infeStart];
            if (infeVersion < 2)
            {
                continue;
            }
            var at = infeStart + 4;
            uint id = infeVersion == 2 ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at));
            at += infeVersion == 2 ? 2 : 4;
            at += 2; // protection index
            var itemType = Encoding.ASCII.GetString(data, (int)at, 4);
            at += 4;
            if (itemType == "Exif")
            {
                kinds[id] = ItemKind.Exif;
            }
            else if (itemType == "mime")
            {
                var end = infeStart + infeLength;
                var nameEnd = Array.IndexOf(data, (byte)0, (int)at, (int)(end - at));
                if (nameEnd >= 0)
                {
                    var typeEnd = Array.IndexOf(data, (byte)0, nameEnd + 1, (int)(end - nameEnd - 1));
                    var contentType = Encoding.ASCII.GetString(data, nameEnd + 1, (typeEnd < 0 ? (int)end : typeEnd) - nameEnd - 1);
                    if (contentType.Contains("rdf+xml", StringComparison.OrdinalIgnoreCase) || contentType.Contains("xmp", StringComparison.OrdinalIgnoreCase))
                    {
                        kinds[id] = ItemKind.Xmp;
                    }
                }
            }
        }
    }

    static List<(uint Item, int Method, long Offset, long Length, int Extents)> ReadLocations(byte[] data, long start, long length)
    {
        var result = new List<(uint, int, long, long, int)>();
        var version = data[start];
        var at = start + 4;
        var offsetSize = data[at] >> 4;
        var lengthSize = data[at] & 0xF;
        var baseOffsetSize = data[at + 1] >> 4;
        var indexSize = version is 1 or 2 ? data[at + 1] & 0xF : 0;
        at += 2;
        uint count = version < 2 ? Read(data, ref at, 2) is var c16 ? (uint)c16 : 0 : (uint)Read(data, ref at, 4);
        for (var i = 0; i < count; i++)
        {
            var item = (uint)Read(data, ref at, version < 2 ? 2 : 4);
            var method = version is 1 or 2 ? (int)(Read(data, ref at, 2) & 0xF) : 0;
            Read(data, ref at, 2); // data reference index
            var baseOffset = Read(data, ref at, baseOffsetSize);
            var extents = (int)Read(data, ref at, 2);
            long firstOffset = 0, firstLength = 0;
            for (var e = 0; e < extents; e++)
            {
                Read(data, ref at, indexSize);
                var offset = Read(data, ref at, offsetSize);
                var extentLength = Read(data, ref at, lengthSize);
                if (e == 0)
                {
                    (firstOffset, firstLength) = (offset, extentLength);
                }
            }
            if (at > start + length)
            {
                throw new FormatException("iloc");
            }
            result.Add((item, method, checked(baseOffset + firstOffset), firstLength, extents));
        }
        return result;
    }

    static long Read(byte[] data, ref long at, int size)
    {
        long value = size switch
        {
            0 => 0,
            2 => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan((int)at)),
            4 => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at)),
            8 => checked((long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan((int)at))),
            _ => throw new FormatException("field size"),
        };
        at += size;
        return value;
    }
}
