using Azure.Data.Tables;
using LibraryTraining.Enrolment;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>
/// The seat book writes each batch of answers as one journal row and copies it onto the participant
/// rows later. These tests hold it to that: every reader sees the answers at once, an old journal entry
/// never undoes a newer row, a crash before the copy loses nothing, and two instances stay exact.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class AnswerJournalTests(RunnerFixture runner)
{
    ProgrammeStore Store => runner.Get<ProgrammeStore>();

    SeatBook SecondInstance() =>
        new(runner.Get<StorageTables>(), this.Store, runner.Get<AnswerMailer>(), TimeProvider.System, NullLogger<SeatBook>.Instance);

    async Task<TableClient> TableAsync() => await runner.Get<StorageTables>().TableAsync(StorageTables.Programmes);

    /// <summary>The participant rows as stored, without the journal laid over them.</summary>
    async Task<Dictionary<string, Participant>> RawRowsAsync(string programmeId)
    {
        var rows = new Dictionary<string, Participant>();
        await foreach (var row in (await this.TableAsync()).QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, ProgrammeStore.ParticipantRowKey(""))))
        {
            var p = ProgrammeStore.ParticipantFromEntity(row);
            rows[p.Id] = p;
        }
        return rows;
    }

    async Task<int> JournalRowsAsync(string programmeId)
    {
        var count = 0;
        await foreach (var _ in (await this.TableAsync()).QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, AnswerJournal.Prefix), select: ["RowKey"]))
        {
            count++;
        }
        return count;
    }

    async Task WaitForJournalCopiedAsync(string programmeId) =>
        await Poll.UntilAsync(() => this.JournalRowsAsync(programmeId), rows => rows == 0, "the journal to be copied onto the participant rows", seconds: 30);

    [Fact]
    public async Task JournalledAnswer_IsSeenByEveryReader_AndCopyingItKeepsOtherWriters()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 4, capacity: 2, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).Order().ToList();
        var before = (await this.Store.FindParticipantAsync(id, people[0], default))!;
        // Written by hand, as a seat book would, and left uncopied: no seat book holds this programme.
        var accepted = AnswerState.Of(before with { Status = AnswerStatus.Accepted, AnsweredAt = DateTimeOffset.UtcNow, AnswerVersion = 1 });
        await (await this.TableAsync()).AddEntityAsync(AnswerJournal.Entity(id, 1, [accepted]));

        Assert.Equal(AnswerStatus.Accepted, (await this.Store.FindParticipantAsync(id, people[0], default))!.Status);
        Assert.Equal(AnswerStatus.Accepted, (await this.Store.ParticipantsAsync(id, default)).Single(p => p.Id == people[0]).Status);
        Assert.Equal(AnswerStatus.NoAnswer, (await this.RawRowsAsync(id))[people[0]].Status);

        // A reminder mark written over the uncopied row keeps the journalled answer, and the copy keeps the mark.
        var reminded = DateTimeOffset.UtcNow;
        await this.Store.UpdateParticipantsAsync(id, p => true, p => p with { LastRemindedAt = reminded }, default);
        Assert.Equal(1, await this.Store.ProjectJournalAsync(id, default));
        Assert.Equal(0, await this.JournalRowsAsync(id));
        var raw = await this.RawRowsAsync(id);
        Assert.Equal(AnswerStatus.Accepted, raw[people[0]].Status);
        Assert.All(raw.Values, p => Assert.Equal(reminded, p.LastRemindedAt));

        // A journal entry older than the row never undoes it: not when read, not when copied.
        var stale = AnswerState.Of(before with { Status = AnswerStatus.Declined, AnswerVersion = 0 });
        await (await this.TableAsync()).AddEntityAsync(AnswerJournal.Entity(id, 2, [stale]));
        Assert.Equal(AnswerStatus.Accepted, (await this.Store.FindParticipantAsync(id, people[0], default))!.Status);
        Assert.Equal(1, await this.Store.ProjectJournalAsync(id, default));
        Assert.Equal(AnswerStatus.Accepted, (await this.RawRowsAsync(id))[people[0]].Status);
    }

    [Fact]
    public async Task BatchOfAnswers_IsOneJournalRow_AndLongThaiReasonsSurviveTheSplit()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 98, capacity: 98, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        var reason = string.Concat(Enumerable.Repeat("ติดภารกิจราชการ", 40))[..500];
        var answers = people.Select(p => AnswerState.Of(new Participant
        {
            Id = p, Name = "", Email = "", Role = ParticipantRole.Staff, Language = "th",
            Status = AnswerStatus.Declined, DeclineReason = reason, AnswerVersion = 1,
        })).ToList();
        var entity = AnswerJournal.Entity(id, 1, answers);
        Assert.True(entity.Keys.Count(k => k.StartsWith('A')) > 1, "98 reasons of 500 characters should need more than one property");

        await (await this.TableAsync()).AddEntityAsync(entity);
        var stored = await this.Store.ParticipantsAsync(id, default);
        Assert.All(stored, p => Assert.Equal((AnswerStatus.Declined, reason), (p.Status, p.DeclineReason)));
        Assert.Equal(1, await this.Store.ProjectJournalAsync(id, default));
        Assert.All((await this.RawRowsAsync(id)).Values, p => Assert.Equal(reason, p.DeclineReason));
    }

    [Fact]
    public async Task CrashBeforeTheCopy_LosesNothing_AndTheNextInstanceCopiesIt()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 150, capacity: 40, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();

        // An instance answers 150 people and stops before its projector's 300 ms pause is over.
        var first = this.SecondInstance();
        var outcomes = await Task.WhenAll(people.Select(p => first.AnswerAsync(id, p, Decision.Accept, null)));
        await first.DisposeAsync();
        Assert.InRange(await this.JournalRowsAsync(id), 2, 10); // 150 answers in batches of up to 98, not 150 rows
        Assert.Contains((await this.RawRowsAsync(id)).Values, p => p.Status == AnswerStatus.NoAnswer);

        var roster = (await this.Store.ParticipantsAsync(id, default)).ToDictionary(p => p.Id);
        Assert.Equal(40, roster.Values.Count(p => p.Status == AnswerStatus.Accepted));
        Assert.Equal(Enumerable.Range(1, 110).Select(i => (long)i), roster.Values.Where(p => p.Status == AnswerStatus.Waitlisted).Select(p => p.WaitlistSeq!.Value).Order());
        Assert.All(outcomes, o => Assert.Equal(o.Participant!.Status, roster[o.Participant.Id].Status));

        // The next instance to hold the programme finds the journal and copies it.
        await using var next = this.SecondInstance();
        Assert.Equal(AnswerStatus.Accepted, (await next.AnswerAsync(id, people[0], Decision.Accept, null)).Participant!.Status);
        await this.WaitForJournalCopiedAsync(id);
        var raw = await this.RawRowsAsync(id);
        Assert.Equal(40, raw.Values.Count(p => p.Status == AnswerStatus.Accepted));
        Assert.Equal(110, raw.Values.Count(p => p.Status == AnswerStatus.Waitlisted));
    }

    [Fact]
    public async Task TwoInstancesAnsweringAtOnce_StayExact()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 400, capacity: 60, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        await using var other = this.SecondInstance();
        var seats = runner.Get<SeatBook>();

        var outcomes = await Task.WhenAll(people.Select((p, i) => (i % 2 == 0 ? seats : other).AnswerAsync(id, p, Decision.Accept, null)));

        Assert.All(outcomes, o => Assert.Equal(AnswerRefusal.None, o.Refusal));
        Assert.Equal(60, outcomes.Count(o => o.Participant!.Status == AnswerStatus.Accepted));
        var roster = await this.Store.ParticipantsAsync(id, default);
        Assert.Equal(60, roster.Count(p => p.Status == AnswerStatus.Accepted));
        Assert.Equal(Enumerable.Range(1, 340).Select(i => (long)i), roster.Where(p => p.Status == AnswerStatus.Waitlisted).Select(p => p.WaitlistSeq!.Value).Order());
        await this.WaitForJournalCopiedAsync(id);
        Assert.Equal(60, (await this.RawRowsAsync(id)).Values.Count(p => p.Status == AnswerStatus.Accepted));
    }

    [Fact]
    public async Task LinkReissuedOnOneInstance_IsRefusedOnAnother()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, capacity: 6, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        await using var other = this.SecondInstance();
        // The other instance holds the roster in memory, with everyone's link at generation 0.
        Assert.Equal(AnswerRefusal.None, (await other.AnswerAsync(id, people[0], Decision.Accept, null, linkGeneration: 0)).Refusal);

        Assert.NotNull(await runner.Get<RosterService>().ReissueLinkAsync(id, people[1], default));

        var old = await other.AnswerAsync(id, people[1], Decision.Accept, null, linkGeneration: 0);
        Assert.Equal(AnswerRefusal.Removed, old.Refusal);
        Assert.Equal(AnswerRefusal.None, (await other.AnswerAsync(id, people[1], Decision.Accept, null, linkGeneration: 1)).Refusal);
    }
}
