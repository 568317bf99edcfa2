namespace LibraryTraining.Media;

/// <summary>
/// File names as people sent them. A name is only ever shown (and offered back as a download name);
/// storage uses generated ids. Still, a name that tries to be a path is refused outright, so it never
/// reaches a zip entry or a Content-Disposition header as one.
/// </summary>
public static class UploadNames
{
    public const int MaxLength = 200;

    /// <summary>The name to keep, or a 400 saying what is wrong with it.</summary>
    public static string Check(string? name, string fallback)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }
        if (name.Length > MaxLength)
        {
            throw new MediaRejectedException(400, "bad-name", $"The file name is longer than {MaxLength} characters; rename the file and send it again.");
        }
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.Any(c => char.IsControl(c) || c == '\0')
            || name.Trim() is "." or ".."
            || name.Split('/', '\\').Any(part => part == "..")
            || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            throw new MediaRejectedException(400, "bad-name",
                "The file name must be a plain name such as photo.jpg: no folders, no '..', no drive letter, no control characters.");
        }
        return name.Trim();
    }

    /// <summary>A name that is safe inside a zip and on any disk: letters (Thai included), digits, a few marks.</summary>
    public static string ForArchive(string name)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark ? c : '_').ToArray()).Trim(' ', '.');
        return safe.Length == 0 ? "file" : safe;
    }
}
