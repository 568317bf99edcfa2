using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>"Once" in a test: each idempotency key appears once among ALL stored sends, repeats included.</summary>
public static class OutboxChecks
{
    public static void EachKeyOnce(IEnumerable<OutboxEntry> mails)
    {
        var repeated = mails.GroupBy(m => (m.ProgrammeId, m.Key)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Key} ×{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, $"{repeated.Count} keys were sent more than once: {string.Join(", ", repeated.Take(10))}");
    }

    /// <summary>
    /// The automatic reminders, step by step, in programme time: each of <paramref name="pending"/>
    /// gets every reminder step exactly once, nobody else gets any. The one exception is the 12-hour
    /// throttle, which compares actual sends in programme time: it may hold a step back for someone
    /// whose previous reminder a crash or outage delayed to within 12 programme hours of that step's
    /// due time (then at most once). Returns how many such exceptions the run allowed.
    /// </summary>
    public static int EachPendingRemindedOncePerStep(Programme programme, IReadOnlyList<OutboxEntry> mails, IEnumerable<string> pending)
    {
        var steps = ProgrammeTimeline.Plan(programme).Where(s => s.Kind == StepKind.Reminder).ToList();
        Assert.NotEmpty(steps);
        var reminders = mails.Where(m => m.Kind == "reminder").ToList();
        List<OutboxEntry> Of(ProgrammeStep step) => reminders.Where(m => m.Key!.Contains($"|{step.Id}|", StringComparison.Ordinal)).ToList();
        Assert.Equal(reminders.Count, steps.Sum(s => Of(s).Count));
        var people = pending.ToHashSet(StringComparer.Ordinal);
        Assert.All(reminders, m => Assert.True(people.Contains(m.ParticipantId!), $"{m.ParticipantId} was reminded but had answered"));

        var optional = 0;
        foreach (var person in people)
        {
            DateTimeOffset? previous = null;
            foreach (var step in steps)
            {
                var sent = Of(step).Where(m => m.ParticipantId == person).ToList();
                if (previous is null || previous <= step.Due - ReminderService.Throttle)
                {
                    Assert.True(sent.Count == 1, $"{person}: {step.Id} (due {step.Due:O}, programme time) sent {sent.Count} times; the reminder before it went at {previous:O}");
                }
                else
                {
                    optional++;
                    Assert.True(sent.Count <= 1, $"{person}: {step.Id} sent {sent.Count} times");
                }
                previous = sent.Count == 1 ? programme.Clock.ToProgramme(sent[0].SentAt) : previous;
            }
        }
        return optional;
    }
}
