using System.Globalization;
using LibraryTraining.Attendance;
using LibraryTraining.Feedback;
using LibraryTraining.Messaging;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace LibraryTraining.Reports;

/// <summary>The final report as an A4 PDF in Thai, with Sarabun embedded: the same sections as the HTML.</summary>
public static class ReportPdf
{
    public static byte[] Render(ProgrammeReport r)
    {
        var p = r.Programme;
        using var document = new PdfDocument();
        document.Info.Title = $"รายงาน {p.Title}";
        var page = new Flow(document);
        try
        {
            page.Heading($"รายงานผลการดำเนินงาน{p.Title}", 18);
            page.Heading("สรุปโครงการ");
            page.Table([110, 385], [
                ["วันที่", ProgrammeDates.DateRange(p.FirstDate, p.LastDate, "th")],
                ["สถานที่", p.Venue ?? "–"],
                ["ผู้จัด", string.Join(", ", p.Organisers.Select(o => o.Name))],
                ["ผู้ได้รับเชิญ", $"{r.Roster.Count} คน"],
                ["ผู้ตอบรับ", $"{r.Roster.Count(AttendanceService.Expected)} คน"],
                ["ผู้เข้าร่วมจริง", $"{r.Attended} คน"],
                ["ผู้ได้รับเกียรติบัตร", $"{r.Certificates} คน (เกณฑ์ไม่น้อยกว่าร้อยละ {(p.AttendanceThreshold * 100).ToString("0", CultureInfo.InvariantCulture)} ของกิจกรรม)"],
            ], header: false);

            page.Heading("ผู้เข้าร่วมจำแนกตามตำแหน่ง");
            page.Table([275, 70, 70, 80], [["ตำแหน่ง", "เชิญ", "ตอบรับ", "เข้าร่วม"], .. r.ByRole.Select(Group)]);
            page.Heading("ผู้เข้าร่วมจำแนกตามหน่วยงาน");
            page.Table([275, 70, 70, 80], [["หน่วยงาน", "เชิญ", "ตอบรับ", "เข้าร่วม"], .. r.BySite.Select(Group)]);

            page.Heading("การเข้าร่วมแต่ละกิจกรรม");
            page.Table([95, 85, 245, 70], [["วันที่", "เวลา", "กิจกรรม", "มา / คาด"], .. r.Sessions.Select(s => new[]
            {
                ProgrammeDates.Date(s.Day.Date, "th"), ProgrammeDates.TimeRange(s.Session.Start, s.Session.End, "th"), s.Session.Title,
                s.Counts ? $"{s.Present} / {s.Expected}" : "–",
            })]);

            page.Heading("ผลการประเมิน");
            page.Paragraph($"ตอบแบบสอบถาม {r.Feedback.Responded} จาก {r.Feedback.Invited} คน ผลแสดงโดยไม่ระบุชื่อผู้ตอบ ยกเว้นคำถามที่ระบุไว้");
            page.Table([335, 80, 80], [["คำถาม", "เฉลี่ย (1–5)", "ผู้ตอบ"], .. r.Feedback.Questions.Where(q => q.Question.Kind == QuestionKind.Rating).Select(q => new[]
            {
                q.Question.Text, q.Average is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "–", q.Answered.ToString(CultureInfo.InvariantCulture),
            })]);
            foreach (var q in r.Feedback.Questions.Where(q => q.Question.Kind == QuestionKind.Text && q.Texts.Count > 0))
            {
                page.Paragraph(q.Question.Text, bold: true);
                foreach (var (name, text) in q.Texts)
                {
                    page.Paragraph("• " + text + (name is null ? "" : $" — {name}"));
                }
            }

            page.Heading("เอกสารประกอบการบรรยาย");
            page.Paragraph(r.Handouts.Count == 0 ? "ไม่มีเอกสารประกอบการบรรยาย" : string.Join("\n", r.Handouts.Select(h => "• " + h.Title + (h.Session is null ? "" : $" ({h.Session})"))));

            page.Heading("ภาพกิจกรรม");
            if (r.Photos.Count == 0)
            {
                page.Paragraph("ไม่มีภาพกิจกรรม");
            }
            page.Photos(r.Photos);

            page.Heading("ร่างข่าวประชาสัมพันธ์");
            foreach (var para in r.NewsDraft.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                page.Paragraph(para.Trim(), indent: true);
            }
            page.Paragraph($"จัดทำเมื่อ {ProgrammeDates.Instant(r.GeneratedAt, p.Zone, "th")}", size: 9);
        }
        finally
        {
            page.Dispose();
        }
        return ThaiPdf.Save(document);
    }

    static string[] Group(GroupCount g) =>
        [g.Label, g.Invited.ToString(CultureInfo.InvariantCulture), g.Accepted.ToString(CultureInfo.InvariantCulture), g.Attended.ToString(CultureInfo.InvariantCulture)];

    /// <summary>A top-to-bottom writer over A4 pages: it starts a new page when the next block does not fit.</summary>
    sealed class Flow : IDisposable
    {
        const double Margin = 50;
        static readonly XColor Accent = XColor.FromArgb(0x1a, 0x4f, 0x8b);
        readonly PdfDocument document;
        XGraphics g = null!;
        double y;
        double height;

        public Flow(PdfDocument document)
        {
            ThaiPdf.EnsureFonts();
            this.document = document;
            this.NewPage();
        }

        const double Width = 595 - 2 * Margin;

        void NewPage()
        {
            this.g?.Dispose();
            var page = this.document.AddPage();
            page.Size = PageSize.A4;
            this.height = page.Height.Point;
            this.g = XGraphics.FromPdfPage(page);
            this.y = Margin;
            var footer = ThaiPdf.Font(8);
            ThaiPdf.Draw(this.g, $"หน้า {this.document.PageCount}", footer, XBrushes.Gray, 595 - Margin - 30, this.height - 25);
        }

        void Need(double space)
        {
            if (this.y + space > this.height - Margin)
            {
                this.NewPage();
            }
        }

        public void Heading(string text, double size = 14)
        {
            var font = ThaiPdf.Font(size, bold: true);
            var lines = ThaiPdf.Wrap(this.g, text, font, Width);
            this.Need(lines.Count * size * 1.5 + 40);
            this.y += 8;
            foreach (var line in lines)
            {
                ThaiPdf.Draw(this.g, line, font, new XSolidBrush(Accent), Margin, this.y + size);
                this.y += size * 1.5;
            }
            this.y += 2;
        }

        public void Paragraph(string text, bool bold = false, bool indent = false, double size = 11)
        {
            var font = ThaiPdf.Font(size, bold);
            var lead = indent ? 24 : 0;
            var lines = ThaiPdf.Wrap(this.g, text, font, Width - lead);
            for (var i = 0; i < lines.Count; i++)
            {
                this.Need(size * 1.7);
                ThaiPdf.Draw(this.g, lines[i], font, XBrushes.Black, Margin + (i == 0 ? lead : 0), this.y + size);
                this.y += size * 1.7;
            }
            this.y += 4;
        }

        public void Table(double[] widths, IEnumerable<string[]> rows, bool header = true)
        {
            const double size = 10;
            var regular = ThaiPdf.Font(size);
            var bold = ThaiPdf.Font(size, bold: true);
            var first = true;
            foreach (var row in rows)
            {
                var font = header && first ? bold : regular;
                var cells = row.Select((cell, i) => ThaiPdf.Wrap(this.g, cell, i == 0 && !header ? bold : font, widths[i] - 8)).ToList();
                var rowHeight = cells.Max(c => c.Count) * size * 1.6 + 6;
                this.Need(rowHeight);
                if (header && first)
                {
                    this.g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xee, 0xf3, 0xf9)), Margin, this.y, widths.Sum(), rowHeight);
                }
                var x = Margin;
                for (var i = 0; i < cells.Count; i++)
                {
                    var lineY = this.y + 3;
                    foreach (var line in cells[i])
                    {
                        ThaiPdf.Draw(this.g, line, i == 0 && !header ? bold : font, XBrushes.Black, x + 4, lineY + size);
                        lineY += size * 1.6;
                    }
                    x += widths[i];
                }
                this.y += rowHeight;
                this.g.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, this.y, Margin + widths.Sum(), this.y);
                first = false;
            }
            this.y += 8;
        }

        public void Photos(IReadOnlyList<ReportPhoto> photos)
        {
            var column = (Width - 10) / 2;
            for (var i = 0; i < photos.Count; i++)
            {
                using var stream = new MemoryStream(photos[i].Content);
                using var image = XImage.FromStream(stream);
                // Each photo fits a 3:2 box, so a row of two lines up whatever their shapes.
                var h = column * 2 / 3;
                var scale = Math.Min(column / Math.Max(1, image.PixelWidth), h / Math.Max(1, image.PixelHeight));
                this.Need(h + 20);
                var x = Margin + (i % 2) * (column + 10);
                this.g.DrawImage(image, x + (column - image.PixelWidth * scale) / 2, this.y + (h - image.PixelHeight * scale) / 2, image.PixelWidth * scale, image.PixelHeight * scale);
                if (photos[i].Caption is { } caption)
                {
                    ThaiPdf.Draw(this.g, caption, ThaiPdf.Font(9), XBrushes.Gray, x, this.y + h + 11);
                }
                if (i % 2 == 1 || i == photos.Count - 1)
                {
                    this.y += h + 20;
                }
            }
        }

        public void Dispose() => this.g?.Dispose();
    }
}
