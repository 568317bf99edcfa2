using System.Text.Json;
using Azure.Data.Tables;
using LibraryTraining.Attendance;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Reports;
using LibraryTraining.Storage;
using LibraryTraining.Workflow;

namespace LibraryTraining.Feedback;

/// <summary>One participant's answers, by question id.</summary>
public sealed record SurveyAnswer(string ParticipantId, IReadOnlyDictionary<string, string> Answers, DateTimeOffset SubmittedAt);

public sealed record SurveyView(
    LinkState Link,
    Programme? Programme = null,
    Participant? Participant = null,
    IReadOnlyList<SurveyQuestion>? Questions = null,
    SurveyAnswer? Answer = null,
    bool Closed = false,
    bool Eligible = false,
    bool Saved = false,
    IReadOnlyList<Problem>? Problems = null);

/// <summary>A question's results: ratings as a count per score and an average; free text as a list, names only where the question allows.</summary>
public sealed record QuestionResult(SurveyQuestion Question, int Answered, double? Average, IReadOnlyList<int> Distribution, IReadOnlyList<(string? Name, string Text)> Texts);

public sealed record SurveyResults(int Invited, int Responded, IReadOnlyList<QuestionResult> Questions);

/// <summary>
/// The feedback survey behind the participant's own link: shown to those who attended, open from the
/// wrap-up until <see cref="Survey.OpenDays"/> after the last day, answerable again (the last answer counts)
/// until it closes. Reminders go to those who have not answered, every few days, until it closes.
/// </summary>
public sealed class FeedbackService(ParticipantLinks links, ProgrammeStore programmes, AttendanceStore attendance, StorageTables storage,
    ProgrammeMailer mailer, PublicLinks publicLinks, TimeProvider time)
{
    public async Task<SurveyView> ViewAsync(string token, CancellationToken cancellationToken)
    {
        var link = await links.ResolveAsync(token, cancellationToken);
        if (link.State != LinkState.Valid)
        {
            return new SurveyView(link.State);
        }
        var programme = await programmes.FindAsync(link.ProgrammeId!, cancellationToken);
        var participant = programme is null ? null : await programmes.FindParticipantAsync(programme.Id, link.ParticipantId!, cancellationToken);
        if (programme is null || participant is null || participant.Removed)
        {
            return new SurveyView(LinkState.Revoked);
        }
        var audience = SurveyQuestions.Audience(await programmes.ParticipantsAsync(programme.Id, cancellationToken), await attendance.ListAsync(programme.Id, cancellationToken));
        var answers = await this.AnswersAsync(programme.Id, cancellationToken);
        return new SurveyView(LinkState.Valid, programme, participant, SurveyQuestions.For(programme),
            answers.FirstOrDefault(a => a.ParticipantId == participant.Id), this.IsClosed(programme), audience.Any(p => p.Id == participant.Id));
    }

    public async Task<SurveyView> SubmitAsync(string token, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        var view = await this.ViewAsync(token, cancellationToken);
        if (view.Link != LinkState.Valid || view.Closed || !view.Eligible)
        {
            return view;
        }
        var problems = new List<Problem>();
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in view.Questions!)
        {
            var value = form.GetValueOrDefault(q.Id)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }
            if (q.Kind == QuestionKind.Rating && !(value.Length == 1 && value[0] is >= '1' and <= '5'))
            {
                problems.Add(new Problem(q.Id, "เลือกคะแนน 1–5 / Choose a score from 1 to 5."));
            }
            else if (value.Length > SurveyQuestions.MaxText)
            {
                problems.Add(new Problem(q.Id, $"ไม่เกิน {SurveyQuestions.MaxText} ตัวอักษร / At most {SurveyQuestions.MaxText} characters."));
            }
            else
            {
                kept[q.Id] = value;
            }
        }
        if (problems.Count > 0)
        {
            return view with { Problems = problems };
        }
        var answer = new SurveyAnswer(view.Participant!.Id, kept, time.GetUtcNow());
        var table = await storage.TableAsync(StorageTables.Feedback);
        await table.UpsertEntityAsync(new TableEntity(view.Programme!.Id, answer.ParticipantId)
        {
            ["Answers"] = JsonSerializer.Serialize(kept),
            ["SubmittedAt"] = answer.SubmittedAt,
        }, TableUpdateMode.Replace, cancellationToken);
        return view with { Answer = answer, Saved = true };
    }

    public async Task<IReadOnlyList<SurveyAnswer>> AnswersAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Feedback);
        var list = new List<SurveyAnswer>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == programmeId, cancellationToken: cancellationToken))
        {
            list.Add(new SurveyAnswer(row.RowKey, JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Answers") ?? "{}") ?? [],
                row.GetDateTimeOffset("SubmittedAt") ?? default));
        }
        return list;
    }

    /// <summary>Aggregates for the report. Free text carries a name only when its question is <see cref="SurveyQuestion.Named"/>.</summary>
    public static SurveyResults Summarise(Programme programme, IReadOnlyList<Participant> roster, int invited, IReadOnlyList<SurveyAnswer> answers)
    {
        var names = roster.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var results = new List<QuestionResult>();
        foreach (var q in SurveyQuestions.For(programme))
        {
            var given = answers.Where(a => a.Answers.ContainsKey(q.Id)).OrderBy(a => a.SubmittedAt).ToList();
            if (q.Kind == QuestionKind.Rating)
            {
                var scores = given.Select(a => a.Answers[q.Id][0] - '0').ToList();
                results.Add(new QuestionResult(q, scores.Count, scores.Count == 0 ? null : scores.Average(),
                    Enumerable.Range(1, 5).Select(s => scores.Count(x => x == s)).ToList(), []));
            }
            else
            {
                results.Add(new QuestionResult(q, given.Count, null, [],
                    given.Select(a => (q.Named ? names.GetValueOrDefault(a.ParticipantId) : null, a.Answers[q.Id])).ToList()));
            }
        }
        return new SurveyResults(invited, answers.Count, results);
    }

    public bool IsClosed(Programme programme) => programme.Clock.ToProgramme(time.GetUtcNow()) > ClosesAt(programme);

    public static DateTimeOffset ClosesAt(Programme programme) =>
        ProgrammeTime.LastMomentOf(programme) + TimeSpan.FromDays((programme.Survey ?? new Survey()).OpenDays);

    public Uri SurveyLink(string token) => new(publicLinks.BaseUrl, $"api/rsvp/{token}/survey");

    /// <summary>
    /// Reminds attendees who have not answered: the n-th reminder falls n × ReminderEveryDays after the
    /// last session ends, until the survey closes. Keyed by n, so an hourly timer sends each at most once.
    /// </summary>
    public async Task<int> RemindAsync(Programme programme, CancellationToken cancellationToken)
    {
        var now = programme.Clock.ToProgramme(time.GetUtcNow());
        var ended = ProgrammeTime.LastMomentOf(programme);
        var every = TimeSpan.FromDays(Math.Max(1, (programme.Survey ?? new Survey()).ReminderEveryDays));
        if (programme.CancelledAt is not null || now <= ended + every || now > ClosesAt(programme))
        {
            return 0;
        }
        var round = (int)((now - ended) / every);
        var roster = await programmes.ParticipantsAsync(programme.Id, cancellationToken);
        var audience = SurveyQuestions.Audience(roster, await attendance.ListAsync(programme.Id, cancellationToken)).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var answered = (await this.AnswersAsync(programme.Id, cancellationToken)).Select(a => a.ParticipantId).ToHashSet(StringComparer.Ordinal);
        return await mailer.SendAsync(programme, MailKind.Reminder, $"survey-{round}",
            p => audience.Contains(p.Id) && !answered.Contains(p.Id),
            (p, answerLink) => WrapUpMail.SurveyReminder(programme, p, SurveyLinkFrom(answerLink), ClosesAt(programme)), cancellationToken);
    }

    /// <summary>The survey address from the participant's answer link (…/api/rsvp/{token}).</summary>
    public static Uri SurveyLinkFrom(Uri answerLink) => new(answerLink.AbsoluteUri.TrimEnd('/') + "/survey");
}
