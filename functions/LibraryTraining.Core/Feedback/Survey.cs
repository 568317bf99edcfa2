using LibraryTraining.Attendance;
using LibraryTraining.Programmes;

namespace LibraryTraining.Feedback;

public enum QuestionKind { Rating, Text }

/// <summary>
/// One survey question. Ratings are 1–5. Answers are anonymous in the report unless <see cref="Named"/>
/// says the organisers may see who wrote what (for example "may we quote you?").
/// </summary>
public sealed record SurveyQuestion(string Id, QuestionKind Kind, string Text, string? TextEn = null, bool Named = false, bool Required = false);

/// <summary>The feedback survey: open from the wrap-up for <see cref="OpenDays"/> days, with reminders every <see cref="ReminderEveryDays"/>.</summary>
public sealed record Survey
{
    /// <summary>Null: the questions are built from the schedule (<see cref="SurveyQuestions.Defaults"/>).</summary>
    public IReadOnlyList<SurveyQuestion>? Questions { get; init; }
    public int OpenDays { get; init; } = 14;
    public int ReminderEveryDays { get; init; } = 3;
}

public static class SurveyQuestions
{
    public const int MaxText = 2000;

    /// <summary>The programme's questions, or defaults from its schedule: content, speakers, each study visit, logistics, and two free-text questions.</summary>
    public static IReadOnlyList<SurveyQuestion> For(Programme programme) =>
        programme.Survey?.Questions is { Count: > 0 } questions ? questions : Defaults(programme);

    public static IReadOnlyList<SurveyQuestion> Defaults(Programme programme)
    {
        var list = new List<SurveyQuestion>
        {
            new("content", QuestionKind.Rating, "เนื้อหาการอบรมเป็นประโยชน์ต่อการปฏิบัติงาน", "The training content is useful for my work"),
            new("speakers", QuestionKind.Rating, "วิทยากรถ่ายทอดความรู้ได้ชัดเจน", "The speakers explained clearly"),
        };
        var visits = programme.Days.SelectMany(d => d.Sessions).Where(s => s.StudyVisit is not null).ToList();
        for (var i = 0; i < visits.Count; i++)
        {
            list.Add(new($"visit{i + 1}", QuestionKind.Rating, $"การศึกษาดูงาน ณ {visits[i].StudyVisit!.Host}", $"The study visit to {visits[i].StudyVisit!.Host}"));
        }
        list.Add(new("logistics", QuestionKind.Rating, "การเดินทาง ที่พัก อาหาร และการประสานงาน", "Travel, accommodation, meals and organisation"));
        list.Add(new("takeaway", QuestionKind.Text, "ท่านจะนำความรู้ใดไปพัฒนาห้องสมุดของท่าน", "What will you take back to your library?"));
        list.Add(new("suggestions", QuestionKind.Text, "ข้อเสนอแนะเพิ่มเติม", "Other suggestions"));
        return list;
    }

    /// <summary>Checks a programme's own questions; ids must be unique and id-shaped.</summary>
    public static IEnumerable<Problem> Validate(IReadOnlyList<SurveyQuestion>? questions, string field)
    {
        if (questions is null)
        {
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            if (string.IsNullOrWhiteSpace(q.Id) || q.Id.Length > 40 || !q.Id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || !seen.Add(q.Id))
            {
                yield return new Problem($"{field}[{i}].id", "Give each question a unique id of letters, digits and dashes (at most 40).");
            }
            if (string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > 500)
            {
                yield return new Problem($"{field}[{i}].text", "Write the question (at most 500 characters).");
            }
        }
    }

    /// <summary>Who the survey goes to: everyone who checked in at least once. If no attendance was taken at all, everyone who held a place.</summary>
    public static IReadOnlyList<Participant> Audience(IReadOnlyList<Participant> roster, IReadOnlyList<CheckIn> checkIns)
    {
        if (checkIns.Count == 0)
        {
            return roster.Where(AttendanceService.Expected).ToList();
        }
        var came = checkIns.Select(c => c.ParticipantId).ToHashSet(StringComparer.Ordinal);
        return roster.Where(p => !p.Removed && came.Contains(p.Id)).ToList();
    }
}
