using LibraryTraining.Feedback;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Reports;

/// <summary>The threshold and the survey are part of the programme an organiser creates.</summary>
public sealed class ReportSettingsTests
{
    [Fact]
    public void Programme_WithoutSettings_Needs80PercentAndAsksAboutContentSpeakersEachVisitAndLogistics()
    {
        var result = ProgrammeValidator.Validate(SeedProgramme.Example(), "p1", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(0.8, result.Programme!.AttendanceThreshold);
        Assert.Equal(["content", "speakers", "visit1", "visit2", "logistics", "takeaway", "suggestions"], SurveyQuestions.For(result.Programme).Select(q => q.Id));
        Assert.Contains("เทศบาลนครระยอง", SurveyQuestions.For(result.Programme).Single(q => q.Id == "visit2").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Programme_WithBadThresholdOrQuestions_GetsProblemsByField()
    {
        var request = SeedProgramme.Example() with
        {
            AttendanceThreshold = 1.5,
            Survey = new Survey { OpenDays = 0, Questions = [new SurveyQuestion("q", QuestionKind.Rating, "ดี"), new SurveyQuestion("q", QuestionKind.Text, "")] },
        };

        var fields = ProgrammeValidator.Validate(request, "p1", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).Problems.Select(p => p.Field).ToList();

        Assert.Contains("attendanceThreshold", fields);
        Assert.Contains("survey.openDays", fields);
        Assert.Contains("survey.questions[1].id", fields);
        Assert.Contains("survey.questions[1].text", fields);
    }
}
