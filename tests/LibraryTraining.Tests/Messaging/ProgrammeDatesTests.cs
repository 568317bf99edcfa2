using LibraryTraining.Messaging;

namespace LibraryTraining.Tests.Messaging;

public class ProgrammeDatesTests
{
    static readonly TimeZoneInfo Bangkok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");

    [Fact]
    public void Date_Thai_WritesBuddhistEraAndThaiMonth()
    {
        Assert.Equal("14 กุมภาพันธ์ 2561", ProgrammeDates.Date(new DateOnly(2018, 2, 14), "th"));
    }

    [Fact]
    public void Date_English_WritesCommonEra()
    {
        Assert.Equal("14 February 2018", ProgrammeDates.Date(new DateOnly(2018, 2, 14), "en"));
    }

    [Fact]
    public void Date_ThaiEveryMonth_UsesOfficialMonthNames()
    {
        string[] expected =
        [
            "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
            "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
        ];
        for (var month = 1; month <= 12; month++)
        {
            Assert.Equal($"1 {expected[month - 1]} 2568", ProgrammeDates.Date(new DateOnly(2025, month, 1), "th"));
        }
    }

    [Fact]
    public void DateRange_ThaiSameMonth_CollapsesMonthAndYear()
    {
        Assert.Equal("14–16 กุมภาพันธ์ 2561", ProgrammeDates.DateRange(new(2018, 2, 14), new(2018, 2, 16), "th"));
    }

    [Fact]
    public void DateRange_EnglishSameMonth_CollapsesMonthAndYear()
    {
        Assert.Equal("14–16 February 2018", ProgrammeDates.DateRange(new(2018, 2, 14), new(2018, 2, 16), "en"));
    }

    [Fact]
    public void DateRange_AcrossMonths_WritesBothEndsInFull()
    {
        Assert.Equal("28 กุมภาพันธ์ 2561 – 2 มีนาคม 2561", ProgrammeDates.DateRange(new(2018, 2, 28), new(2018, 3, 2), "th"));
        Assert.Equal("31 December 2018 – 1 January 2019", ProgrammeDates.DateRange(new(2018, 12, 31), new(2019, 1, 1), "en"));
    }

    [Fact]
    public void DateRange_OneDay_IsJustTheDate()
    {
        Assert.Equal("14 กุมภาพันธ์ 2561", ProgrammeDates.DateRange(new(2018, 2, 14), new(2018, 2, 14), "th"));
    }

    [Fact]
    public void Time_Thai_AddsNaSuffix()
    {
        Assert.Equal("09:00 น.", ProgrammeDates.Time(new TimeOnly(9, 0), "th"));
        Assert.Equal("05:30", ProgrammeDates.Time(new TimeOnly(5, 30), "en"));
    }

    [Fact]
    public void Weekday_Thai_NamesTheDay()
    {
        Assert.Equal("วันพุธ", ProgrammeDates.Weekday(new DateOnly(2018, 2, 14), "th"));
        Assert.Equal("วันพฤหัสบดี", ProgrammeDates.Weekday(new DateOnly(2018, 2, 15), "th"));
        Assert.Equal("Wednesday", ProgrammeDates.Weekday(new DateOnly(2018, 2, 14), "en"));
    }

    [Fact]
    public void Instant_UtcInstant_IsShownInProgrammeZone()
    {
        var deadline = new DateTimeOffset(2018, 2, 7, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal("7 กุมภาพันธ์ 2561 เวลา 17:00 น.", ProgrammeDates.Instant(deadline, Bangkok, "th"));
        Assert.Equal("7 February 2018, 17:00", ProgrammeDates.Instant(deadline, Bangkok, "en"));
    }

    [Fact]
    public void Instant_LateUtcEvening_FallsOnNextBangkokDay()
    {
        var instant = new DateTimeOffset(2018, 2, 14, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal("15 กุมภาพันธ์ 2561 เวลา 06:30 น.", ProgrammeDates.Instant(instant, Bangkok, "th"));
    }

    [Fact]
    public void Date_RegionalThaiLanguageTag_IsThai()
    {
        Assert.Equal("14 กุมภาพันธ์ 2561", ProgrammeDates.Date(new DateOnly(2018, 2, 14), "th-TH"));
    }
}
