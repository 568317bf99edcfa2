using System.Buffers.Binary;

namespace LibraryTraining.Media;

/// <summary>
/// Removes the GPS block from EXIF data in place, keeping its length, so the bytes around it (and every
/// offset into them) stay where they were: the GPS pointer leaves the first directory, and the GPS
/// directory and the values it points at are overwritten with zeros. The rest of EXIF (orientation,
/// camera, time taken) stays. EXIF that cannot be followed is blanked whole, since nobody could then
/// say it holds no position.
/// </summary>
public static class ExifGps
{
    const ushort GpsPointerTag = 0x8825;

    public enum Outcome { NoGps, GpsRemoved, Blanked }

    /// <summary><paramref name="tiff"/> starts at the TIFF header ("II*\0" or "MM\0*").</summary>
    public static Outcome Scrub(Span<byte> tiff)
    {
        try
        {
            return ScrubChecked(tiff);
        }
        catch (FormatException)
        {
            tiff.Clear();
            return Outcome.Blanked;
        }
    }

    static Outcome ScrubChecked(Span<byte> tiff)
    {
        Need(tiff, 0, 8);
        bool little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M'))
        {
            throw new FormatException("byte order");
        }
        if (U16(tiff, 2, little) != 42)
        {
            throw new FormatException("magic");
        }
        var ifd0 = U32(tiff, 4, little);
        Need(tiff, ifd0, 2);
        var count = U16(tiff, ifd0, little);
        var entries = ifd0 + 2;
        Need(tiff, entries, 12L * count);
        var entriesEnd = entries + 12L * count;
        for (var i = 0; i < count; i++)
        {
            var entry = entries + 12L * i;
            if (U16(tiff, entry, little) != GpsPointerTag)
            {
                continue;
            }
            ClearDirectory(tiff, U32(tiff, entry + 8, little), little);
            // Close the gap: later entries and the next-directory pointer move up by one entry.
            var tailEnd = Math.Min(entriesEnd + 4, tiff.Length);
            tiff[(int)(entry + 12)..(int)tailEnd].CopyTo(tiff[(int)entry..]);
            tiff[(int)(tailEnd - 12)..(int)tailEnd].Clear();
            Write16(tiff, ifd0, (ushort)(count - 1), little);
            return Outcome.GpsRemoved;
        }
        return Outcome.NoGps;
    }

    static void ClearDirectory(Span<byte> tiff, long offset, bool little)
    {
        Need(tiff, offset, 2);
        var count = U16(tiff, offset, little);
        Need(tiff, offset + 2, 12L * count);
        for (var i = 0; i < count; i++)
        {
            var entry = offset + 2 + 12L * i;
            var size = TypeSize(U16(tiff, entry + 2, little)) * (long)U32(tiff, entry + 4, little);
            if (size > 4)
            {
                var value = U32(tiff, entry + 8, little);
                Need(tiff, value, size);
                tiff.Slice((int)value, (int)size).Clear();
            }
        }
        var end = Math.Min(offset + 2 + 12L * count + 4, tiff.Length);
        tiff[(int)offset..(int)end].Clear();
    }

    static long TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 => 4,
        5 or 10 or 12 => 8,
        _ => throw new FormatException("type"),
    };

    static void Need(Span<byte> tiff, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > tiff.Length)
        {
            throw new FormatException("out of bounds");
        }
    }

    static ushort U16(Span<byte> b, long at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[(int)at..]);

    static uint U32(Span<byte> b, long at, bool little)
    {
        Need(b, at, 4);
        return little ? BinaryPrimitives.ReadUInt32LittleEndian(b[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[(int)at..]);
    }

    static void Write16(Span<byte> b, long at, ushort value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[(int)at..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[(int)at..], value);
        }
    }
}
