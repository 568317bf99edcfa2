using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace LibraryTraining.Reports;

/// <summary>
/// The font every PDF of ours uses: Sarabun (SIL Open Font License 1.1), compiled into this assembly
/// from the npm package pinned in tools/fonts, and embedded (subset) in each PDF, so Thai shows on any
/// reader. PDFsharp does not shape complex scripts: Thai is drawn glyph by glyph in logical order, with
/// the font's default mark positions (see docs/architecture.md for what that looks like).
/// </summary>
public static class ThaiPdf
{
    public const string Family = "Sarabun";
    static readonly object Gate = new();
    static bool ready;

    /// <summary>Installs the font resolver once per process; PDFsharp allows it to be set only before first use.</summary>
    public static void EnsureFonts()
    {
        if (ready)
        {
            return;
        }
        lock (Gate)
        {
            if (!ready)
            {
                if (GlobalFontSettings.FontResolver is null)
                {
                    GlobalFontSettings.FontResolver = new Resolver();
                }
                ready = true;
            }
        }
    }

    public static XFont Font(double size, bool bold = false)
    {
        EnsureFonts();
        return new XFont(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }

    public static byte[] FontBytes(bool bold)
    {
        using var stream = typeof(ThaiPdf).Assembly.GetManifestResourceStream(bold ? "Fonts.Sarabun-Bold.ttf" : "Fonts.Sarabun-Regular.ttf")
            ?? throw new InvalidOperationException("The Sarabun font is missing from the assembly; the build restores it from tools/fonts (npm ci).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] Save(PdfDocument document)
    {
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>
    /// Draws a line of text with the one piece of Thai shaping that matters most. Sarabun places tone marks
    /// low by default and relies on OpenType positioning (which PDFsharp does not do) to lift them over an
    /// upper vowel, so "นี้" or "เพื่อ" would print the tone on top of the vowel. A tone mark after an upper
    /// vowel, or before sara am (ำ), is drawn separately, raised above it. Marks over the tall consonants
    /// ป ฝ ฟ ฬ are nudged left of the ascender. Everything else is drawn as is.
    /// </summary>
    public static void Draw(XGraphics g, string text, XFont font, XBrush brush, double x, double baseline)
    {
        var start = 0;
        var pen = x;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            var previous = text[i - 1];
            var raise = IsTone(c) && (IsUpperVowel(previous) || (i + 1 < text.Length && text[i + 1] == '\u0E33'));
            var tall = (IsTone(c) || IsUpperVowel(c)) && TallConsonant(text, i);
            if (!raise && !tall)
            {
                continue;
            }
            var before = text[start..i];
            g.DrawString(before, font, brush, new XPoint(pen, baseline));
            pen += g.MeasureString(before, font).Width;
            var dx = tall ? -0.12 * font.Size : 0;
            var dy = raise ? -0.24 * font.Size : 0;
            g.DrawString(c.ToString(), font, brush, new XPoint(pen + dx, baseline + dy));
            start = i + 1;
        }
        g.DrawString(text[start..], font, brush, new XPoint(pen, baseline));
    }

    static bool IsTone(char c) => c is >= '\u0E48' and <= '\u0E4C';

    static bool IsUpperVowel(char c) => c is '\u0E31' or (>= '\u0E34' and <= '\u0E37') or '\u0E47' or '\u0E4D';

    /// <summary>The mark at <paramref name="i"/> sits on ป ฝ ฟ or ฬ (directly, or over an upper vowel that does).</summary>
    static bool TallConsonant(string text, int i)
    {
        var j = i - 1;
        while (j >= 0 && (IsTone(text[j]) || IsUpperVowel(text[j])))
        {
            j--;
        }
        return j >= 0 && text[j] is '\u0E1B' or '\u0E1D' or '\u0E1F' or '\u0E2C';
    }

    /// <summary>
    /// Splits text into lines no wider than <paramref name="width"/>. Breaks at spaces, as Thai writing
    /// puts spaces between phrases; a run longer than a line breaks between characters, never before a
    /// combining mark or a following vowel, nor after a leading vowel.
    /// </summary>
    public static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (g.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = word;
                while (g.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && (g.MeasureString(line[..cut], font).Width > width || !CanBreakBefore(line, cut)))
                    {
                        cut--;
                    }
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    static bool CanBreakBefore(string s, int i)
    {
        var c = s[i];
        var before = s[i - 1];
        var mark = c is '\u0E31' or (>= '\u0E34' and <= '\u0E3A') or (>= '\u0E47' and <= '\u0E4E');
        var following = c is '\u0E30' or '\u0E32' or '\u0E33' or '\u0E45' or '\u0E46';
        var leading = before is >= '\u0E40' and <= '\u0E44';
        return !mark && !following && !leading;
    }

    sealed class Resolver : IFontResolver
    {
        static readonly Lazy<byte[]> Regular = new(() => FontBytes(false));
        static readonly Lazy<byte[]> Bold = new(() => FontBytes(true));

        // Every family resolves to Sarabun: our PDFs ask for nothing else, and a stray default must not fail.
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "Sarabun-Bold" : "Sarabun-Regular");

        public byte[] GetFont(string faceName) => faceName == "Sarabun-Bold" ? Bold.Value : Regular.Value;
    }
}
