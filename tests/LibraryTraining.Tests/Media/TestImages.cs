using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace LibraryTraining.Tests.Media;

/// <summary>
/// Pictures made in code: real JPEG/PNG/WebP from SkiaSharp with EXIF (orientation, camera, GPS) put in
/// where cameras put it, a hand-built HEIC container, and the bad ones: truncated, bombs, impostors.
/// </summary>
public static class TestImages
{
    /// <summary>The GPS latitude seconds as stored (37123/1000, big-endian rational): absent from a clean file.</summary>
    public static readonly byte[] LatitudeSeconds = [0, 0, 0x91, 0x03, 0, 0, 0x03, 0xE8];

    public static byte[] Pixels(SKEncodedImageFormat format, int width = 640, int height = 480, int seed = 1)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            var random = new Random(seed);
            canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            using var paint = new SKPaint { Color = new SKColor((byte)random.Next(256), 40, 160) };
            for (var i = 0; i < 12; i++)
            {
                canvas.DrawCircle(random.Next(width), random.Next(height), 20 + random.Next(80), paint);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 85);
        return data.ToArray();
    }

    /// <summary>A JPEG with an APP1 EXIF segment (orientation, camera, GPS) right after SOI, as phones write it.</summary>
    public static byte[] JpegWithGps(int seed = 1, int width = 640, int height = 480)
    {
        var jpeg = Pixels(SKEncodedImageFormat.Jpeg, width, height, seed);
        var exif = Concat("Exif\0\0"u8.ToArray(), Tiff(withGps: true));
        var segment = Concat([0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)(exif.Length + 2)], exif);
        var xmp = Concat("http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), Encoding.UTF8.GetBytes("<x:xmpmeta><rdf:Description exif:GPSLatitude=\"16,49.6187N\"/></x:xmpmeta>"));
        var xmpSegment = Concat([0xFF, 0xE1, (byte)((xmp.Length + 2) >> 8), (byte)(xmp.Length + 2)], xmp);
        return Concat(jpeg[..2], segment, xmpSegment, jpeg[2..]);
    }

    /// <summary>A PNG with an eXIf chunk holding GPS, after IHDR.</summary>
    public static byte[] PngWithGps(int seed = 2)
    {
        var png = Pixels(SKEncodedImageFormat.Png, 320, 240, seed);
        var ihdrEnd = 8 + 8 + 13 + 4;
        return Concat(png[..ihdrEnd], Chunk("eXIf", Tiff(withGps: true)), png[ihdrEnd..]);
    }

    /// <summary>An extended WebP (VP8X) with an EXIF chunk holding GPS, after the image data.</summary>
    public static byte[] WebPWithGps(int seed = 3)
    {
        var simple = Pixels(SKEncodedImageFormat.Webp, 320, 240, seed);
        var image = simple[12..]; // the VP8/VP8L chunk
        var vp8x = new byte[10];
        vp8x[0] = 0x08; // EXIF present
        WriteU24(vp8x.AsSpan(4), 320 - 1);
        WriteU24(vp8x.AsSpan(7), 240 - 1);
        var body = Concat("WEBP"u8.ToArray(), RiffChunk("VP8X", vp8x), image, RiffChunk("EXIF", Tiff(withGps: true)));
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        return Concat("RIFF"u8.ToArray(), size, body);
    }

    /// <summary>
    /// A HEIC container as an iPhone lays it out: ftyp, meta (item info with an 'hvc1' image and an 'Exif'
    /// item, their locations, the image size), then mdat with the coded picture and the EXIF. The picture
    /// is not real HEVC: nothing here decodes HEIC; the test is about the container and its EXIF.
    /// </summary>
    public static byte[] HeicWithGps(int width = 4032, int height = 3024)
    {
        var picture = Encoding.ASCII.GetBytes(new string('h', 2000));
        var exifItem = Concat([0, 0, 0, 6], "Exif\0\0"u8.ToArray(), Tiff(withGps: true));
        var ftyp = Box("ftyp", Concat("heic"u8.ToArray(), [0, 0, 0, 0], "mif1"u8.ToArray(), "heic"u8.ToArray()));
        byte[] Meta(uint pictureOffset, uint exifOffset)
        {
            var hdlr = FullBox("hdlr", 0, Concat(new byte[4], "pict"u8.ToArray(), new byte[12], [0]));
            var pitm = FullBox("pitm", 0, [0, 1]);
            var infe1 = FullBox("infe", 2, Concat([0, 1, 0, 0], "hvc1"u8.ToArray(), [0]));
            var infe2 = FullBox("infe", 2, Concat([0, 2, 0, 0], "Exif"u8.ToArray(), [0]));
            var iinf = FullBox("iinf", 0, Concat([0, 2], infe1, infe2));
            // iloc v0: offset_size 4, length_size 4, base_offset_size 0; two items, one extent each.
            var iloc = FullBox("iloc", 0, Concat([0x44, 0x00, 0, 2],
                [0, 1, 0, 0, 0, 1], U32(pictureOffset), U32((uint)picture.Length),
                [0, 2, 0, 0, 0, 1], U32(exifOffset), U32((uint)exifItem.Length)));
            var ispe = FullBox("ispe", 0, Concat(U32((uint)width), U32((uint)height)));
            var iprp = Box("iprp", Concat(Box("ipco", ispe), FullBox("ipma", 0, [0, 0, 0, 1, 0, 1, 1, 0x81])));
            return FullBox("meta", 0, Concat(hdlr, pitm, iinf, iloc, iprp));
        }
        var metaLength = Meta(0, 0).Length;
        var mdatStart = ftyp.Length + metaLength;
        var pictureAt = (uint)(mdatStart + 8);
        var exifAt = pictureAt + (uint)picture.Length;
        return Concat(ftyp, Meta(pictureAt, exifAt), Box("mdat", Concat(picture, exifItem)));
    }

    /// <summary>A PNG whose header claims 50,000 × 50,000 pixels (2.5 gigapixels, 10 GB decoded) in a file of ~70 bytes.</summary>
    public static byte[] PngBomb()
    {
        var ihdr = Concat(U32(50_000), U32(50_000), [8, 6, 0, 0, 0]);
        return Concat([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], Chunk("IHDR", ihdr), Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), Chunk("IEND", []));
    }

    /// <summary>A JPEG whose frame header claims 65,000 × 65,000 pixels.</summary>
    public static byte[] JpegBomb() =>
        [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFD, 0xE8, 0xFD, 0xE8, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9];

    /// <summary>A JPEG of about <paramref name="bytes"/> bytes: a real picture behind comment segments (oversize tests, benchmark).</summary>
    public static byte[] PaddedJpeg(int bytes, int seed)
    {
        var jpeg = Pixels(SKEncodedImageFormat.Jpeg, 320, 240, seed);
        var padding = new List<byte>();
        var random = new Random(seed);
        while (jpeg.Length + padding.Count < bytes)
        {
            var length = Math.Min(65_533, bytes - jpeg.Length - padding.Count - 4);
            if (length < 1)
            {
                break;
            }
            padding.AddRange([0xFF, 0xFE, (byte)((length + 2) >> 8), (byte)(length + 2)]);
            var comment = new byte[length];
            random.NextBytes(comment);
            padding.AddRange(comment);
        }
        return Concat(jpeg[..2], padding.ToArray(), jpeg[2..]);
    }

    /// <summary>EXIF as a TIFF block: IFD0 with Make, Orientation (6: rotate) and, optionally, the GPS pointer and GPS IFD.</summary>
    public static byte[] Tiff(bool withGps)
    {
        // Big-endian ("MM"), like most phones. Layout: header(8) IFD0 at 8, values after, GPS IFD after.
        var ifd0Count = withGps ? 3 : 2;
        var ifd0Size = 2 + 12 * ifd0Count + 4;
        var makeAt = 8 + ifd0Size;
        var make = "TestCam\0"u8.ToArray();
        var gpsAt = makeAt + make.Length;
        const int gpsCount = 4;
        var gpsValuesAt = gpsAt + 2 + 12 * gpsCount + 4;
        var t = new List<byte>();
        t.AddRange("MM"u8.ToArray());
        t.AddRange([0, 42]);
        t.AddRange(U32(8));
        t.AddRange(U16((ushort)ifd0Count));
        t.AddRange(Entry(0x010F, 2, (uint)make.Length, (uint)makeAt));         // Make
        t.AddRange(Entry(0x0112, 3, 1, 6u << 16));                              // Orientation = 6 (short, left-justified)
        if (withGps)
        {
            t.AddRange(Entry(0x8825, 4, 1, (uint)gpsAt));                       // GPS IFD pointer
        }
        t.AddRange(U32(0));
        t.AddRange(make);
        if (withGps)
        {
            t.AddRange(U16(gpsCount));
            t.AddRange(Entry(0x0001, 2, 2, (uint)'N' << 24));                   // GPSLatitudeRef "N"
            t.AddRange(Entry(0x0002, 5, 3, (uint)gpsValuesAt));                 // GPSLatitude
            t.AddRange(Entry(0x0003, 2, 2, (uint)'E' << 24));                   // GPSLongitudeRef "E"
            t.AddRange(Entry(0x0004, 5, 3, (uint)gpsValuesAt + 24));            // GPSLongitude
            t.AddRange(U32(0));
            foreach (var (n, d) in new (uint, uint)[] { (16, 1), (49, 1), (37123, 1000), (100, 1), (15, 1), (48321, 1000) })
            {
                t.AddRange(U32(n));
                t.AddRange(U32(d));
            }
        }
        return t.ToArray();
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    static byte[] Entry(ushort tag, ushort type, uint count, uint value) => Concat(U16(tag), U16(type), U32(count), U32(value));

    static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var crc = Crc32(Concat(typeBytes, data));
        return Concat(U32((uint)data.Length), typeBytes, data, U32(crc));
    }

    static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }
        return c ^ 0xFFFFFFFFu;
    }

    static byte[] RiffChunk(string fourcc, byte[] data)
    {
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)data.Length);
        return Concat(Encoding.ASCII.GetBytes(fourcc), size, data, data.Length % 2 == 1 ? [0] : []);
    }

    static byte[] Box(string type, byte[] body) => Concat(U32((uint)(8 + body.Length)), Encoding.ASCII.GetBytes(type), body);

    static byte[] FullBox(string type, byte version, byte[] body) => Box(type, Concat([version, 0, 0, 0], body));

    static void WriteU24(Span<byte> to, int value)
    {
        to[0] = (byte)value;
        to[1] = (byte)(value >> 8);
        to[2] = (byte)(value >> 16);
    }

    static byte[] U16(ushort v) => [(byte)(v >> 8), (byte)v];

    static byte[] U32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
