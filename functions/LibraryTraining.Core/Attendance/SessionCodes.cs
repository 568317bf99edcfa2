using System.Security.Cryptography;
using System.Text;
using LibraryTraining.Enrolment;
using QRCoder;

namespace LibraryTraining.Attendance;

/// <summary>
/// The per-session code shown at the venue. It is an HMAC of (programme, session) under the link secret,
/// so nobody can make the code of a session they are not at; it proves presence, the participant's own
/// link proves who they are.
/// </summary>
public sealed class SessionCodes(LinkSecret secret)
{
    public string CodeFor(string programmeId, string sessionId)
    {
        var mac = HMACSHA256.HashData(secret.Key, Encoding.UTF8.GetBytes($"checkin\n{programmeId}\n{sessionId}"));
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public bool IsValid(string programmeId, string sessionId, string? code) =>
        code is { Length: 22 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(this.CodeFor(programmeId, sessionId)), Encoding.ASCII.GetBytes(code));

    /// <summary>A QR code as PNG (for PDFs and printing) with a quiet zone, black on white.</summary>
    public static byte[] Png(Uri target, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(target.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule);
    }

    /// <summary>The QR code's modules (true = dark), quiet zone included, for drawing as vector squares in a PDF.</summary>
    public static bool[,] Modules(Uri target)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(target.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        var modules = new bool[rows.Count, rows.Count];
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < rows.Count; x++)
            {
                modules[y, x] = rows[y][x];
            }
        }
        return modules;
    }

    /// <summary>A QR code as inline SVG for pages.</summary>
    public static string Svg(Uri target)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(target.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
