using System.Buffers.Binary;

namespace LibraryTraining.Media;

/// <summary>
/// Handouts: PDF, Office and OpenDocument files, recognised by their first bytes. The name's extension
/// only tells which kind of ZIP-based document it is. Each kind's end is checked, so a truncated upload
/// is refused: a PDF ends with %%EOF, a ZIP with its end-of-central-directory record, an OLE compound
/// file (old .doc/.ppt/.xls) is whole 512-byte sectors.
/// </summary>
public static class HandoutFormats
{
    public const string Accepted = "a document: PDF, PowerPoint, Word, Excel or OpenDocument";
    /// <summary>How much of the end is kept to check it: a ZIP's end record with the longest comment.</summary>
    public const int TailBytes = 65_557;

    public enum Kind { Pdf, Zip, Ole }

    static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    static readonly Dictionary<string, string> ZipTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".ppsx"] = "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".odp"] = "application/vnd.oasis.opendocument.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
    };

    static readonly Dictionary<string, string> OleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
    };

    public static Kind? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Kind.Pdf;
        }
        if (head.StartsWith("PK\x03\x04"u8))
        {
            return Kind.Zip;
        }
        return head.StartsWith(Ole) ? Kind.Ole : null;
    }

    /// <summary>The content type to serve, or a 415 when the bytes and the name do not make a document we take.</summary>
    public static string ContentType(Kind kind, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return kind switch
        {
            Kind.Pdf => "application/pdf",
            Kind.Zip when ZipTypes.TryGetValue(extension, out var type) => type,
            Kind.Ole when OleTypes.TryGetValue(extension, out var type) => type,
            _ => throw MediaRejectedException.WrongType(Accepted + " (a ZIP or an old Office file needs its usual extension, such as .pptx or .doc)"),
        };
    }

    /// <summary>Whether the file's last bytes close it properly.</summary>
    public static void CheckEnd(Kind kind, ReadOnlySpan<byte> tail, long length)
    {
        var whole = kind switch
        {
            Kind.Pdf => tail[Math.Max(0, tail.Length - 1024)..].IndexOf("%%EOF"u8) >= 0,
            Kind.Zip => HasZipEnd(tail),
            _ => length >= 1536 && length % 512 == 0,
        };
        if (!whole)
        {
            throw MediaRejectedException.Truncated();
        }
    }

    static bool HasZipEnd(ReadOnlySpan<byte> tail)
    {
        for (var at = tail.Length - 22; at >= 0; at--)
        {
            if (tail[at] == 'P' && tail[at + 1] == 'K' && tail[at + 2] == 5 && tail[at + 3] == 6
                && at + 22 + BinaryPrimitives.ReadUInt16LittleEndian(tail[(at + 20)..]) == tail.Length)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Keeps the last bytes of what passes through, in a ring, so an upload's end can be checked without keeping it.</summary>
public sealed class TailSink(IUploadSink inner, int size) : IUploadSink
{
    readonly byte[] ring = new byte[size];
    int next;
    int filled;

    public long BytesWritten => inner.BytesWritten;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var span = data.Span;
        if (span.Length >= size)
        {
            span[^size..].CopyTo(this.ring);
            (this.next, this.filled) = (0, size);
        }
        else
        {
            var first = Math.Min(span.Length, size - this.next);
            span[..first].CopyTo(this.ring.AsSpan(this.next));
            span[first..].CopyTo(this.ring);
            this.next = (this.next + span.Length) % size;
            this.filled = Math.Min(size, this.filled + span.Length);
        }
        await inner.WriteAsync(data, cancellationToken);
    }

    /// <summary>The last bytes written, oldest first.</summary>
    public byte[] Tail() => this.filled < size ? this.ring[..this.filled] : [.. this.ring[this.next..], .. this.ring[..this.next]];
}
