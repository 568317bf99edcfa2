using System.Globalization;
using System.Text.Json.Nodes;
using LibraryTraining.Local.Hosting;

namespace LibraryTraining.Local.Demo;

/// <summary>
/// docs/examples/create-programme.json keeps fixed dates as the reference shape; they fall in the
/// past one day. The README's tour posts this copy instead, moved so the first day is two weeks away.
/// </summary>
public static class ExampleProgramme
{
    public const string FileName = "example-programme.json";

    public static string ReferencePath => Path.Combine(RepoPaths.Root, "docs", "examples", "create-programme.json");

    /// <summary>
    /// The reference JSON, unchanged but for its dates: every day and the enrolment deadline move by
    /// the same whole number of days, so the first day is <paramref name="firstDayIn"/> days after
    /// today in the programme's zone and the deadline keeps its local time.
    /// </summary>
    public static string MovedFrom(DateTimeOffset now, int firstDayIn = 14)
    {
        var root = JsonNode.Parse(File.ReadAllText(ReferencePath))!.AsObject();
        var zone = TimeZoneInfo.FindSystemTimeZoneById((string?)root["timeZone"] ?? "Asia/Bangkok");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var days = root["days"]!.AsArray();
        var shift = today.AddDays(firstDayIn).DayNumber - Day(days[0]!).DayNumber;
        foreach (var day in days)
        {
            day!["date"] = Day(day).AddDays(shift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // The same wall-clock time, with the zone's offset on the new date (it may differ across a DST change).
        var deadline = DateTimeOffset.Parse((string)root["enrolmentDeadline"]!, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(deadline, zone).DateTime.AddDays(shift);
        root["enrolmentDeadline"] = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Writes the moved copy into the runner's data folder (.local by default), fresh on every start.</summary>
    public static string Write(string dataFolder, DateTimeOffset now)
    {
        var path = Path.Combine(dataFolder, FileName);
        File.WriteAllText(path, MovedFrom(now));
        return path;
    }

    static DateOnly Day(JsonNode day) => DateOnly.Parse((string)day["date"]!, CultureInfo.InvariantCulture);
}
