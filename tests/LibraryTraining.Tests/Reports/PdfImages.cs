using System.Diagnostics;
using LibraryTraining.Local;

namespace LibraryTraining.Tests.Reports;

/// <summary>Poppler's tools (scripts/install-test-deps installs poppler-utils): PDF pages to PNG under docs/screenshots, text, fonts.</summary>
public static class PdfImages
{
    /// <summary>Renders every page to docs/screenshots/{name}-{n}.png (n = 1, 2, …) and returns the paths.</summary>
    public static IReadOnlyList<string> Render(byte[] pdf, string name, int resolution = 70)
    {
        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.GetFiles(folder, $"{name}-*.png"))
        {
            File.Delete(old);
        }
        var input = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(input, pdf);
        try
        {
            Run("pdftoppm", "-png", "-r", resolution.ToString(System.Globalization.CultureInfo.InvariantCulture), input, Path.Combine(folder, name));
        }
        finally
        {
            File.Delete(input);
        }
        // pdftoppm pads the page number to the page count's width: report-1.png, or report-01.png past 9 pages.
        return Directory.GetFiles(folder, $"{name}-*.png").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A close-up of part of the first page (in pixels at <paramref name="resolution"/>), to check how marks stack.</summary>
    public static string RenderCloseUp(byte[] pdf, string name, int resolution, int x, int y, int width, int height)
    {
        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        var path = Path.Combine(folder, name);
        WithFile(pdf, input =>
        {
            string N(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Run("pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-r", N(resolution), "-x", N(x), "-y", N(y), "-W", N(width), "-H", N(height), input, path);
        });
        return path + ".png";
    }

    public static string Text(byte[] pdf) => WithFile(pdf, path => Run("pdftotext", "-enc", "UTF-8", path, "-"));

    public static string Fonts(byte[] pdf) => WithFile(pdf, path => Run("pdffonts", path));

    static string WithFile(byte[] pdf, Func<string, string> read)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            return read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start; run scripts/install-test-deps.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
        return output;
    }
}
