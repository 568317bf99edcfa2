using System.Globalization;
using System.Text;
using CsvHelper;
using LibraryTraining.Programmes;

namespace LibraryTraining.Enrolment;

/// <summary>One roster line as organisers see it, in JSON and CSV alike.</summary>
public sealed record RosterEntry(string Id, string Name, string Email, string Role, string? Site, string Language, string Status);

/// <summary>
/// Rosters in and out of CSV with CsvHelper. Excel on a Thai Windows may save in Windows-874 (TIS-620)
/// rather than UTF-8, so imports detect the encoding; exports carry a UTF-8 BOM so Excel shows Thai.
/// </summary>
public static class RosterCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;

    static RosterCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise Thai Windows-874.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        }
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(874).GetString(bytes);
        }
    }

    /// <summary>Reads name, email, role, site and language columns (any order, any case); problems name the line.</summary>
    public static (List<ParticipantRequest> Rows, List<Problem> Problems) Read(string text)
    {
        var rows = new List<ParticipantRequest>();
        var problems = new List<Problem>();
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            DetectSeparatorHint = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            NormalizeHeaderName = name => name.Trim().ToLowerInvariant(),
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        using var csv = CsvReader.FromText(text, options);
        string[] header;
        try
        {
            csv.ReadHeader();
            header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        }
        catch (Exception e) when (e is CsvFormatException or InvalidOperationException or ArgumentException)
        {
            header = [];
        }
        foreach (var required in new[] { "name", "email", "role" })
        {
            if (!header.Contains(required))
            {
                problems.Add(new("csv", $"The first line must name the columns name,email,role (site and language are optional); '{required}' is missing."));
            }
        }
        if (problems.Count > 0)
        {
            return (rows, problems);
        }
        try
        {
            while (csv.Read())
            {
                string? Field(string name)
                {
                    var i = Array.IndexOf(header, name);
                    return i < 0 || i >= csv.FieldCount ? null : csv.GetStringOrNull(i)?.Trim() is { Length: > 0 } value ? value : null;
                }
                rows.Add(new ParticipantRequest
                {
                    Name = Field("name"),
                    Email = Field("email"),
                    Role = Field("role"),
                    Site = Field("site"),
                    Language = Field("language"),
                });
                if (rows.Count > ProgrammeValidator.MaxParticipants)
                {
                    problems.Add(new("csv", $"At most {ProgrammeValidator.MaxParticipants} participants can be imported at once."));
                    break;
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new($"line {rows.Count + 2}", $"This line is not valid CSV ({e.Message}); check its quotes."));
        }
        return (rows, problems);
    }

    public static byte[] Write(IEnumerable<RosterEntry> entries)
    {
        using var buffer = new MemoryStream();
        // The BOM makes Excel read UTF-8, so Thai names show; Escape defuses cells Excel would run as formulas.
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(new[] { "name", "email", "role", "site", "language", "status" });
            foreach (var e in entries)
            {
                csv.WriteRecord([e.Name, e.Email, e.Role, e.Site ?? "", e.Language, e.Status]);
            }
        }
        return buffer.ToArray();
    }
}
