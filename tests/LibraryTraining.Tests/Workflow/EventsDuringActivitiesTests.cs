using System.Globalization;
using LibraryTraining.Messaging;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Tests.Workflow;

/// <summary>
/// A cancellation or a schedule change that comes in while one of the orchestration's activities runs
/// (after it read the definition, before its result is back) is never lost: not to a waiting task that
/// completed meanwhile, not to ContinueAsNew, and not when the event itself goes astray.
/// </summary>
public sealed class EventsDuringActivitiesTests : IAsyncLifetime
{
    // Fast enough that the schedule's quiet period is its 2-second floor; the first reminder is days of
    // programme time (minutes of real time) away, so nothing else happens during a test.
    const double Speed = 1_000;
    readonly Hold hold = new();
    InMemoryDurable durable = null!;

    public async Task InitializeAsync() => this.durable = await InMemoryDurable.StartAsync(beforeResult: this.hold.OnAsync);

    public async Task DisposeAsync() => await this.durable.DisposeAsync();

    [Theory]
    [InlineData("LoadProgrammePlan", 2, false)]   // the plan after the invitations went
    [InlineData("RunProgrammeStep", 1, false)]    // the invitations
    [InlineData("LoadProgrammePlan", 3, true)]    // the latest plan, read for the schedule update
    [InlineData("SendScheduleUpdate", 1, true)]
    [InlineData("SendCancellation", 1, false)]    // an organiser's retried cancel
    public async Task CancelRaisedWhileAnActivityRuns_EndsTheProgramme_EveryoneInvitedToldOnce(string activity, int occurrence, bool afterAScheduleChange)
    {
        this.hold.Arm(activity, occurrence);
        var (programme, request) = await this.CreateAsync();
        var service = this.durable.Get<ProgrammeService>();
        if (activity == "SendCancellation")
        {
            await this.InvitedAsync(programme.Id);
            await service.CancelAsync(programme.Id, "น้ำท่วม", this.durable.Client, default);
        }
        else if (afterAScheduleChange)
        {
            await this.InvitedAsync(programme.Id);
            Assert.Empty((await service.ChangeScheduleAsync(programme.Id, Earlier(request, 30), this.durable.Client, default)).Problems);
        }

        await this.hold.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await service.CancelAsync(programme.Id, "น้ำท่วม", this.durable.Client, default);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the event reaches the orchestration while the activity is held
        this.hold.Release();

        var completion = await this.CompletionAsync(programme.Id);
        Assert.Equal("cancelled", completion.ReadOutputAs<string>());
        var sends = await this.durable.Get<OutboxMailSender>().ReadAsync(programme.Id, default);
        var invited = sends.Where(m => m.Kind == "invitation").Select(m => m.ParticipantId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, invited.Count);
        Assert.Equal(invited, sends.Where(m => m.Kind == "cancellation").Select(m => m.ParticipantId).Order(StringComparer.Ordinal).ToList());
        if (afterAScheduleChange)
        {
            Assert.True(sends.Count(m => m.Kind == "schedule-update") <= 2, "at most one update each");
        }
    }

    [Fact]
    public async Task ScheduleChangeRaisedWhileTheUpdateGoesOut_GetsASecondUpdate()
    {
        var (programme, request) = await this.CreateAsync();
        var service = this.durable.Get<ProgrammeService>();
        var outbox = this.durable.Get<OutboxMailSender>();
        await this.InvitedAsync(programme.Id);
        this.hold.Arm("SendScheduleUpdate", 1);
        Assert.Empty((await service.ChangeScheduleAsync(programme.Id, Earlier(request, 30), this.durable.Client, default)).Problems);

        await this.hold.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty((await service.ChangeScheduleAsync(programme.Id, Earlier(request, 60), this.durable.Client, default)).Problems);
        await Task.Delay(TimeSpan.FromSeconds(1));
        this.hold.Release();

        var updates = await Poll.UntilAsync(() => outbox.ReadAsync(programme.Id, default), m => m.Count(x => x.Kind == "schedule-update") >= 4);
        var keys = updates.Where(m => m.Kind == "schedule-update").Select(m => m.Key!.Split('|')[1]).ToList();
        Assert.Equal(2, keys.Count(k => k == "r1"));
        Assert.Equal(2, keys.Count(k => k == "r2"));
        // The second update carries the schedule as it is now, not the one the first update told of.
        string TextOf(string revision) => updates.First(m => m.Kind == "schedule-update" && m.Key!.Contains($"|{revision}|", StringComparison.Ordinal)).Text;
        Assert.NotEqual(TextOf("r1"), TextOf("r2"));

        await service.CancelAsync(programme.Id, "จบการทดสอบ", this.durable.Client, default);
        Assert.Equal("cancelled", (await this.CompletionAsync(programme.Id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task CancellationWhoseEventIsLost_StillEndsTheProgramme_FromTheDefinition()
    {
        this.hold.Arm("RunProgrammeStep", 1);
        var (programme, _) = await this.CreateAsync();
        await this.hold.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // The cancellation is written as the service writes it, but its event never arrives.
        await this.durable.Get<ProgrammeStore>().UpdateAsync(programme.Id,
            p => p with { CancelledAt = DateTimeOffset.UtcNow, CancellationReason = "น้ำท่วม" }, default);
        this.hold.Release();

        Assert.Equal("cancelled", (await this.CompletionAsync(programme.Id)).ReadOutputAs<string>());
        var sends = await this.durable.Get<OutboxMailSender>().ReadAsync(programme.Id, default);
        Assert.Equal(2, sends.Count(m => m.Kind == "cancellation"));
    }

    async Task<(Programme Programme, ProgrammeRequest Request)> CreateAsync()
    {
        var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromDays(20), Speed, participants: 2);
        var created = await this.durable.Get<ProgrammeService>().CreateAsync(request, this.durable.Client, default);
        Assert.Empty(created.Problems);
        return (created.Programme!, request);
    }

    async Task InvitedAsync(string programmeId)
    {
        var store = this.durable.Get<ProgrammeStore>();
        var roster = await Poll.UntilAsync(() => store.ParticipantsAsync(programmeId, default), r => r.All(p => p.InvitedAt is not null));
        Assert.All(roster, p => Assert.NotNull(p.InvitedAt));
    }

    async Task<OrchestrationMetadata> CompletionAsync(string programmeId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await this.durable.Client.WaitForInstanceCompletionAsync(ProgrammeRun.InstanceId(programmeId), getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>The programme's days with the first session starting <paramref name="minutes"/> earlier: a valid change.</summary>
    static List<DayRequest> Earlier(ProgrammeRequest request, int minutes)
    {
        var days = request.Days!.ToList();
        var first = days[0].Sessions![0];
        var start = TimeOnly.Parse(first.Start!, CultureInfo.InvariantCulture).AddMinutes(-minutes).ToString("HH:mm", CultureInfo.InvariantCulture);
        days[0] = days[0] with { Sessions = [first with { Start = start }, .. days[0].Sessions!.Skip(1)] };
        return days;
    }


    /// <summary>Holds the nth run of one activity until the test releases it.</summary>
    sealed class Hold
    {
        string? activity;
        int occurrence;
        int seen;
        readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm(string name, int nth) => (this.activity, this.occurrence) = (name, nth);

        public void Release() => this.released.TrySetResult();

        public async Task OnAsync(string name, object? input)
        {
            if (name == this.activity && Interlocked.Increment(ref this.seen) == this.occurrence)
            {
                this.Reached.TrySetResult();
                await this.released.Task.WaitAsync(TimeSpan.FromSeconds(120));
            }
        }
    }
}
