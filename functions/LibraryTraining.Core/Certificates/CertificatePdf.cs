using LibraryTraining.Attendance;
using LibraryTraining.Messaging;
using LibraryTraining.Reports;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace LibraryTraining.Certificates;

/// <summary>The certificate as an A4 landscape PDF in Thai, with its verification address and QR code.</summary>
public static class CertificatePdf
{
    static readonly XColor Accent = XColor.FromArgb(0x1a, 0x4f, 0x8b);

    public static byte[] Render(Certificate c, Uri verifyLink)
    {
        ThaiPdf.EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"เกียรติบัตร {c.Name}";
        document.Info.Subject = c.ProgrammeTitle;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var w = page.Width.Point;
            var h = page.Height.Point;
            g.DrawRectangle(new XPen(Accent, 3), 24, 24, w - 48, h - 48);
            g.DrawRectangle(new XPen(Accent, 0.8), 32, 32, w - 64, h - 64);

            var y = 70.0;
            Centered(g, c.Organiser, ThaiPdf.Font(20, bold: true), w, ref y, 30);
            Centered(g, "เกียรติบัตร", ThaiPdf.Font(40, bold: true), w, ref y, 40, Accent);
            Centered(g, "Certificate of attendance", ThaiPdf.Font(12), w, ref y, 30);
            Centered(g, "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า", ThaiPdf.Font(18), w, ref y, 44);
            Centered(g, c.Name, ThaiPdf.Font(32, bold: true), w, ref y, 34);
            if (!string.IsNullOrWhiteSpace(c.Site))
            {
                Centered(g, c.Site, ThaiPdf.Font(16), w, ref y, 30);
            }
            var body = ThaiPdf.Font(18);
            foreach (var line in ThaiPdf.Wrap(g, $"ได้เข้าร่วม{c.ProgrammeTitle}", body, w - 200))
            {
                Centered(g, line, body, w, ref y, 26);
            }
            Centered(g, $"ระหว่างวันที่ {ProgrammeDates.DateRange(c.FirstDate, c.LastDate, "th")} (เข้าร่วม {c.Attended} จาก {c.Counted} กิจกรรม)", ThaiPdf.Font(16), w, ref y, 26);
            Centered(g, $"ให้ไว้ ณ วันที่ {ProgrammeDates.Date(DateOnly.FromDateTime(c.IssuedAt.UtcDateTime), "th")}", ThaiPdf.Font(16), w, ref y, 26);

            // Verification: the QR code and the address it holds, bottom left.
            // Drawn as vector squares: sharp at any zoom or print size.
            var size = 92.0;
            var modules = SessionCodes.Modules(verifyLink);
            var cell = size / modules.GetLength(0);
            for (var row = 0; row < modules.GetLength(0); row++)
            {
                for (var col = 0; col < modules.GetLength(1); col++)
                {
                    if (modules[row, col])
                    {
                        g.DrawRectangle(XBrushes.Black, 48 + col * cell, h - 48 - size + row * cell, cell + 0.05, cell + 0.05);
                    }
                }
            }
            var small = ThaiPdf.Font(10);
            ThaiPdf.Draw(g, "ตรวจสอบความถูกต้องของเกียรติบัตร:", small, XBrushes.Black, 48 + size + 10, h - 48 - size + 30);
            ThaiPdf.Draw(g, verifyLink.AbsoluteUri, small, XBrushes.Black, 48 + size + 10, h - 48 - size + 46);
            ThaiPdf.Draw(g, $"เลขที่ {c.Id}", small, XBrushes.Gray, 48 + size + 10, h - 48 - size + 62);
        }
        return ThaiPdf.Save(document);
    }

    static void Centered(XGraphics g, string text, XFont font, double width, ref double y, double advance, XColor? color = null)
    {
        var measured = g.MeasureString(text, font);
        ThaiPdf.Draw(g, text, font, new XSolidBrush(color ?? XColors.Black), (width - measured.Width) / 2, y + font.Size);
        y += font.Size + advance - 16;
    }
}
