using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Programmes;

/// <summary>
/// Definition writes are checked against the ETag they were decided on: a cancellation and a schedule
/// change at the same moment never undo each other, and a change to a cancelled programme is refused.
/// </summary>
public sealed class DefinitionWriteTests : IAsyncLifetime
{
    InMemoryDurable durable = null!;

    public async Task InitializeAsync() => this.durable = await InMemoryDurable.StartAsync();

    public async Task DisposeAsync() => await this.durable.DisposeAsync();

    [Fact]
    public async Task ScheduleChange_WhenACancellationLandsBetweenItsReadAndItsWrite_Answers409AndTheCancellationSurvives()
    {
        var programmes = this.durable.Get<ProgrammeService>();
        var programme = await this.CreateAsync();
        var days = MovedHalfAnHourEarlier(programme);

        // The schedule change's own storage client: just before it writes the definition, the organiser's
        // cancellation (through the app's normal path) is written.
        var interleave = new BeforeDefinitionWrite(programme.Id,
            () => programmes.CancelAsync(programme.Id, "ฝนตกหนัก / heavy rain", this.durable.Client, default));
        var changing = new ProgrammeService(new ProgrammeStore(StorageWith(await SharedAzurite.ConnectionStringAsync(), interleave)), TimeProvider.System);

        var (_, problems) = await changing.ChangeScheduleAsync(programme.Id, days, this.durable.Client, default);

        Assert.True(interleave.Fired, "the cancellation was written between the read and the write");
        var problem = Assert.Single(problems);
        Assert.Same(ProgrammeService.Cancelled, problem);
        Assert.Contains("cancelled", problem.Message, StringComparison.Ordinal);
        var stored = (await this.durable.Get<ProgrammeStore>().FindAsync(programme.Id, default))!;
        Assert.NotNull(stored.CancelledAt);
        Assert.Equal("ฝนตกหนัก / heavy rain", stored.CancellationReason);
        Assert.Equal(0, stored.ScheduleRevision);
        Assert.Equal(programme.Days[0].Sessions[0].Start, stored.Days[0].Sessions[0].Start);
        var listed = (await this.durable.Get<ProgrammeStore>().ListAsync(default)).Single(p => p.Id == programme.Id);
        Assert.NotNull(listed.CancelledAt);
    }

    [Fact]
    public async Task CancelAndScheduleChange_AtTheSameMoment_TheCancellationAlwaysSurvives_AndTheChangeEitherLandsFirstOrGets409()
    {
        var programmes = this.durable.Get<ProgrammeService>();
        var store = this.durable.Get<ProgrammeStore>();
        for (var round = 0; round < 6; round++)
        {
            var programme = await this.CreateAsync();
            var days = MovedHalfAnHourEarlier(programme);
            var cancel = Task.Run(() => programmes.CancelAsync(programme.Id, "น้ำท่วม", this.durable.Client, default));
            var change = Task.Run(() => programmes.ChangeScheduleAsync(programme.Id, days, this.durable.Client, default));
            await Task.WhenAll(cancel, change);

            var stored = (await store.FindAsync(programme.Id, default))!;
            Assert.NotNull(stored.CancelledAt);
            var (_, problems) = await change;
            if (problems.Count == 0)
            {
                // The change landed first; the cancellation was decided again on top of it.
                Assert.Equal(1, stored.ScheduleRevision);
            }
            else
            {
                Assert.Same(ProgrammeService.Cancelled, Assert.Single(problems));
                Assert.Equal(0, stored.ScheduleRevision);
            }
        }
    }

    [Fact]
    public async Task ScheduleChange_TooLongToStore_IsAProblemNotAFailure()
    {
        var programme = await this.CreateAsync();
        var day = MovedHalfAnHourEarlier(programme)[0];
        var first = DateOnly.Parse(day.Date!, System.Globalization.CultureInfo.InvariantCulture);
        var many = Enumerable.Range(0, 400).Select(i => day with { Date = first.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        var (_, problems) = await this.durable.Get<ProgrammeService>().ChangeScheduleAsync(programme.Id, many, this.durable.Client, default);
        var problem = Assert.Single(problems);
        Assert.Equal("days", problem.Field);
        Assert.Contains("too long to store", problem.Message, StringComparison.Ordinal);
    }

    async Task<Programme> CreateAsync()
    {
        var created = await this.durable.Get<ProgrammeService>().CreateAsync(
            SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromDays(20), clockSpeed: 1, participants: 2),
            this.durable.Client, default);
        return created.Programme!;
    }

    /// <summary>The programme's schedule with its first session half an hour earlier: a valid change.</summary>
    static List<DayRequest> MovedHalfAnHourEarlier(Programme programme)
    {
        var days = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromDays(20), clockSpeed: 1, participants: 2).Days!;
        var moved = programme.Days.Select((d, i) => days[i] with { Date = d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        var first = moved[0].Sessions![0];
        moved[0] = moved[0] with { Sessions = [first with { Start = TimeOnly.Parse(first.Start!, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(-30).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) }, .. moved[0].Sessions!.Skip(1)] };
        return moved;
    }

    static StorageTables StorageWith(string connectionString, HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return new StorageTables(new TableServiceClient(connectionString, options), new Azure.Storage.Blobs.BlobServiceClient(connectionString));
    }

    /// <summary>Runs <paramref name="meanwhile"/> once, just before the first ETag-checked write of the programme's definition row.</summary>
    sealed class BeforeDefinitionWrite(string programmeId, Func<Task> meanwhile) : HttpPipelinePolicy
    {
        int fired;

        public bool Fired => this.fired == 1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            this.ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var request = message.Request;
            var path = Uri.UnescapeDataString(request.Uri.Path);
            if (request.Method == RequestMethod.Put && path.Contains($"PartitionKey='{programmeId}',RowKey='programme'", StringComparison.Ordinal)
                && request.Headers.TryGetValue("If-Match", out var etag) && etag != "*"
                && Interlocked.Exchange(ref this.fired, 1) == 0)
            {
                await meanwhile();
            }
            await ProcessNextAsync(message, pipeline);
        }
    }
}
