using System.Text.Json;
using LibraryTraining.Local;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// The seed programme from docs/examples/create-programme.json. Its dates are fixed (17–19 Feb 2027):
/// use <see cref="Example"/> only with a fake clock; on the real clock use <see cref="Upcoming"/> or
/// <see cref="StartingSoon"/>, which stay in the future whatever today is.
/// </summary>
public static class SeedProgramme
{
    public static string ExamplePath => Path.Combine(RepoPaths.Root, "docs", "examples", "create-programme.json");

    /// <summary>As written, with its fixed dates: for pure functions given their own clock.</summary>
    public static ProgrammeRequest Example() =>
        JsonSerializer.Deserialize<ProgrammeRequest>(File.ReadAllText(ExamplePath), WireNames.Json)!;

    /// <summary>The example as the local runner writes it for the README's tour: first day two weeks from today.</summary>
    public static ProgrammeRequest Upcoming() =>
        JsonSerializer.Deserialize<ProgrammeRequest>(LibraryTraining.Local.Demo.ExampleProgramme.MovedFrom(DateTimeOffset.UtcNow), WireNames.Json)!;

    /// <summary>
    /// The seed moved so its first day starts <paramref name="firstDayIn"/> from <paramref name="now"/>
    /// (to the day) with its deadline <paramref name="deadlineIn"/> from now, on a compressed clock.
    /// </summary>
    public static ProgrammeRequest StartingSoon(DateTimeOffset now, TimeSpan firstDayIn, TimeSpan deadlineIn, double clockSpeed, int participants = 22)
    {
        var example = Example();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var firstDate = DateOnly.FromDateTime(localNow.Add(firstDayIn).Date);
        var shift = firstDate.DayNumber - DateOnly.Parse(example.Days![0].Date!, System.Globalization.CultureInfo.InvariantCulture).DayNumber;
        var deadline = TimeZoneInfo.ConvertTime(now + deadlineIn, zone);
        return example with
        {
            ClockSpeed = clockSpeed,
            EnrolmentDeadline = deadline.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            Days = example.Days.Select(d => d with
            {
                Date = DateOnly.Parse(d.Date!, System.Globalization.CultureInfo.InvariantCulture).AddDays(shift).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }).ToList(),
            Participants = Enumerable.Range(0, participants).Select(i => i < example.Participants!.Count
                ? example.Participants[i]
                : example.Participants[i % example.Participants.Count] with { Email = $"extra{i:D5}@example.org" }).ToList(),
        };
    }
}
