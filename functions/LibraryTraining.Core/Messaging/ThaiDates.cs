using System.Globalization;

namespace LibraryTraining.Messaging;

/// <summary>
/// Dates and times as participants read them: Thai with Buddhist Era years ("14 กุมภาพันธ์ 2561")
/// or English ("14 February 2018"). Month and day names are literal tables, because the host's
/// culture data (ICU) may be missing or may write Thai differently from official letters.
/// </summary>
public static class ProgrammeDates
{
    /// <summary>Thai documents count years from the Buddhist Era: BE = CE + 543.</summary>
    public const int BuddhistEraOffset = 543;

    static readonly string[] ThaiMonths =
    [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ];

    static readonly string[] EnglishMonths =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    // Indexed by DayOfWeek: Sunday first.
    static readonly string[] ThaiWeekdays =
    [
        "วันอาทิตย์", "วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์",
    ];

    static readonly string[] EnglishWeekdays =
    [
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    ];

    /// <summary>Anything that is not Thai gets English, the product's second language.</summary>
    public static bool IsThai(string? language) =>
        language is not null && language.Trim().StartsWith("th", StringComparison.OrdinalIgnoreCase);

    /// <summary>"14 กุมภาพันธ์ 2561" or "14 February 2018".</summary>
    public static string Date(DateOnly date, string language) =>
        $"{Number(date.Day)} {Month(date, language)} {Year(date, language)}";

    /// <summary>
    /// "14–16 กุมภาพันธ์ 2561" when both ends share month and year; otherwise both ends in full,
    /// "28 กุมภาพันธ์ 2561 – 2 มีนาคม 2561". A one-day range is just the date.
    /// </summary>
    public static string DateRange(DateOnly first, DateOnly last, string language)
    {
        if (last < first)
        {
            (first, last) = (last, first);
        }
        if (first == last)
        {
            return Date(first, language);
        }
        if (first.Year == last.Year && first.Month == last.Month)
        {
            return $"{Number(first.Day)}–{Date(last, language)}";
        }
        return $"{Date(first, language)} – {Date(last, language)}";
    }

    /// <summary>"09:00 น." or "09:00": Thai writes นาฬิกา (น.) after a 24-hour time.</summary>
    public static string Time(TimeOnly time, string language)
    {
        var clock = time.ToString("HH:mm", CultureInfo.InvariantCulture);
        return IsThai(language) ? $"{clock} น." : clock;
    }

    /// <summary>"09:00–12:00 น." or "09:00–12:00": the suffix once, after the end.</summary>
    public static string TimeRange(TimeOnly start, TimeOnly end, string language) =>
        $"{start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{Time(end, language)}";

    /// <summary>"วันพุธ" or "Wednesday".</summary>
    public static string Weekday(DateOnly date, string language) =>
        (IsThai(language) ? ThaiWeekdays : EnglishWeekdays)[(int)date.DayOfWeek];

    /// <summary>A schedule heading: "วันพุธที่ 14 กุมภาพันธ์ 2561" or "Wednesday 14 February 2018".</summary>
    public static string DayHeading(DateOnly date, string language) =>
        IsThai(language)
            ? $"{Weekday(date, language)}ที่ {Date(date, language)}"
            : $"{Weekday(date, language)} {Date(date, language)}";

    /// <summary>
    /// An instant as a wall-clock date and time in the programme's zone:
    /// "7 กุมภาพันธ์ 2561 เวลา 17:00 น." or "7 February 2018, 17:00".
    /// </summary>
    public static string Instant(DateTimeOffset utc, TimeZoneInfo zone, string language)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return IsThai(language)
            ? $"{Date(date, language)} เวลา {Time(time, language)}"
            : $"{Date(date, language)}, {Time(time, language)}";
    }

    static string Month(DateOnly date, string language) =>
        (IsThai(language) ? ThaiMonths : EnglishMonths)[date.Month - 1];

    static string Year(DateOnly date, string language) =>
        Number(IsThai(language) ? date.Year + BuddhistEraOffset : date.Year);

    // Arabic digits, as Thai government mail uses today; never the culture's native digits.
    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
