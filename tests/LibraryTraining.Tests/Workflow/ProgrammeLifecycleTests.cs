using LibraryTraining.Messaging;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Tests.Workflow;

/// <summary>
/// Whole programmes on a compressed clock, on the in-memory Durable Task host with real storage:
/// every kind of email must reach exactly the right people, once, at the right moment.
/// </summary>
public sealed class ProgrammeLifecycleTests : IAsyncLifetime
{
    const double Speed = 20_000; // one programme day ≈ 4.3 s
    InMemoryDurable durable = null!;

    public async Task InitializeAsync() => this.durable = await InMemoryDurable.StartAsync();

    public async Task DisposeAsync() => await this.durable.DisposeAsync();

    [Fact]
    public async Task AcceleratedProgramme_RunsFromInvitationToWrapUp_EachEmailOnceToTheRightPeople()
    {
        var service = this.durable.Get<ProgrammeService>();
        var store = this.durable.Get<ProgrammeStore>();
        var outbox = this.durable.Get<OutboxMailSender>();
        // Reminders two days and one day before the deadline: the first is about 17 s away, which leaves
        // the test time to record the answers even on a busy CI machine.
        var created = await service.CreateAsync(
            SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, firstDayIn: TimeSpan.FromDays(8), deadlineIn: TimeSpan.FromDays(6), Speed) with { ReminderOffsets = ["P2D", "P1D"] },
            this.durable.Client, default);
        var programme = created.Programme!;
        Assert.Empty(created.Problems);

        var invitations = await Poll.UntilAsync(() => outbox.ReadAsync(programme.Id, default), mails => mails.Count(m => m.Kind == "invitation") == 22);
        Assert.True(invitations.Count(m => m.Kind == "invitation") == 22, "all 22 invited");

        // Answers, as the answer page will record them: 15 accept, 3 decline, 4 never answer.
        var roster = (await store.ParticipantsAsync(programme.Id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var accepted = roster.Take(15).ToList();
        var declined = roster.Skip(15).Take(3).ToList();
        var silent = roster.Skip(18).ToList();
        await store.SaveParticipantsAsync(programme.Id,
            accepted.Select(p => p with { Status = AnswerStatus.Accepted, AnsweredAt = DateTimeOffset.UtcNow })
                .Concat(declined.Select(p => p with { Status = AnswerStatus.Declined, AnsweredAt = DateTimeOffset.UtcNow })), default);

        // After enrolment closes, the organiser moves the first bus twice in a burst: one update email.
        var instanceId = ProgrammeRun.InstanceId(programme.Id);
        await WaitForPhaseAsync(instanceId, "confirmed");
        var days = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(8), TimeSpan.FromDays(6), Speed).Days!;
        var reschedule = programme.Days.Select((d, i) => days[i] with { Date = d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        foreach (var time in new[] { "05:15", "05:00" })
        {
            reschedule[1] = reschedule[1] with { Sessions = [reschedule[1].Sessions![0] with { StudyVisit = reschedule[1].Sessions![0].StudyVisit! with { Departure = new DepartureRequest { Place = "ลานจอดรถ อบจ.พิษณุโลก", Time = time } } }] };
            var (_, problems) = await service.ChangeScheduleAsync(programme.Id, reschedule, this.durable.Client, default);
            Assert.Empty(problems);
        }

        var completion = await this.durable.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(240)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completion.RuntimeStatus);
        Assert.Equal("completed", completion.ReadOutputAs<string>());

        var mails = await outbox.ReadAsync(programme.Id, default);
        OutboxChecks.EachKeyOnce(mails);
        var ids = (Func<IEnumerable<Participant>, string[]>)(ps => ps.Select(p => p.Id).Order(StringComparer.Ordinal).ToArray());
        string[] Recipients(string kind) => mails.Where(m => m.Kind == kind).Select(m => m.ParticipantId!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(ids(roster), Recipients("invitation"));
        Assert.Equal(ids(silent.Concat(silent)), Recipients("reminder"));
        Assert.Equal(ids(accepted), Recipients("joining-instructions"));
        Assert.Equal(ids(accepted.Concat(accepted).Concat(accepted)), Recipients("daily-briefing"));
        Assert.Equal(ids(accepted.Concat(silent)), Recipients("schedule-update"));
        Assert.Equal(ids(accepted), Recipients("thanks"));
        Assert.DoesNotContain(mails, m => m.Kind == "cancellation");

        // The right moment: nothing goes out before its step is due in programme time.
        var stored = (await store.FindAsync(programme.Id, default))!;
        var plan = ProgrammeTimeline.Plan(stored);
        var tolerance = TimeSpan.FromMinutes(1);
        foreach (var (kind, stepKind) in new[] { ("reminder", StepKind.Reminder), ("joining-instructions", StepKind.JoiningInstructions), ("daily-briefing", StepKind.DailyBriefing), ("thanks", StepKind.WrapUp) })
        {
            var earliestDue = plan.Where(s => s.Kind == stepKind).Min(s => s.Due);
            Assert.All(mails.Where(m => m.Kind == kind), m => Assert.True(stored.Clock.ToProgramme(m.SentAt) >= earliestDue - tolerance, $"{kind} sent at {stored.Clock.ToProgramme(m.SentAt):u}, due {earliestDue:u}"));
        }
        var close = plan.Single(s => s.Kind == StepKind.CloseEnrolment).Due;
        Assert.All(mails.Where(m => m.Kind == "reminder"), m => Assert.True(stored.Clock.ToProgramme(m.SentAt) <= close + tolerance));
        var briefingDays = mails.Where(m => m.Kind == "daily-briefing").GroupBy(m => m.Subject).Count();
        Assert.Equal(3, briefingDays);
    }

    [Fact]
    public async Task CancelledProgramme_TellsEveryoneInvited_AndEndsCancelled()
    {
        var service = this.durable.Get<ProgrammeService>();
        var outbox = this.durable.Get<OutboxMailSender>();
        var created = await service.CreateAsync(
            SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromDays(20), clockSpeed: 1),
            this.durable.Client, default);
        var programme = created.Programme!;
        await Poll.UntilAsync(() => outbox.ReadAsync(programme.Id, default), mails => mails.Count == 22);

        await service.CancelAsync(programme.Id, "น้ำท่วมเส้นทาง / the road is flooded", this.durable.Client, default);

        var completion = await this.durable.Client.WaitForInstanceCompletionAsync(ProgrammeRun.InstanceId(programme.Id), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal("cancelled", completion.ReadOutputAs<string>());
        var mails = await outbox.ReadAsync(programme.Id, default);
        Assert.Equal(22, mails.Count(m => m.Kind == "cancellation"));
        Assert.All(mails.Where(m => m.Kind == "cancellation"), m => Assert.Contains("the road is flooded", m.Text, StringComparison.Ordinal));
        var view = await service.ViewAsync(programme.Id, this.durable.Client, default);
        Assert.Equal("cancelled", view!.Phase);
    }

    async Task WaitForPhaseAsync(string instanceId, string phase)
    {
        await Poll.UntilAsync(async () => await this.durable.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true),
            i => i?.ReadCustomStatusAs<ProgrammeStatus>()?.Phase == phase);
    }
}
