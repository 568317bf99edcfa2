using System.Net;
using System.Text.RegularExpressions;
using LibraryTraining.Enrolment;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>Capacity, quotas and the waiting list, exact under a burst of simultaneous answers.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed partial class SeatBookTests(RunnerFixture runner)
{
    [Fact]
    public async Task ThousandSimultaneousAccepts_ForTwentyTwoPlaces_SeatTheFirstTwentyTwoAndQueueTheRestInArrivalOrder()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 1000, capacity: 22, quotas: false));
        var seats = runner.Get<SeatBook>();
        var store = runner.Get<ProgrammeStore>();
        var arrivals = (await store.ParticipantsAsync(id, default)).OrderBy(_ => Random.Shared.Next()).Select(p => p.Id).ToList();

        // All 1,000 at once; the queue's arrival order is the order they were handed in.
        var outcomes = await Task.WhenAll(arrivals.Select(p => seats.AnswerAsync(id, p, Decision.Accept, null)).ToList());

        Assert.All(outcomes, o => Assert.Equal(AnswerRefusal.None, o.Refusal));
        Assert.Equal(arrivals.Take(22), outcomes.Where(o => o.Participant!.Status == AnswerStatus.Accepted).Select(o => o.Participant!.Id));
        Assert.Equal(Enumerable.Range(1, 978), outcomes.Skip(22).Select(o => o.WaitlistPosition!.Value));

        var stored = (await store.ParticipantsAsync(id, default)).ToDictionary(p => p.Id);
        Assert.Equal(22, stored.Values.Count(p => p.Status == AnswerStatus.Accepted));
        Assert.Equal(978, stored.Values.Count(p => p.Status == AnswerStatus.Waitlisted));
        Assert.Equal(arrivals.Skip(22), stored.Values.Where(p => p.Status == AnswerStatus.Waitlisted).OrderBy(p => p.WaitlistSeq).Select(p => p.Id));

        // A second acceptance changes nothing; a decline frees the place for the first in line, as an offer.
        var again = await seats.AnswerAsync(id, arrivals[5], Decision.Accept, null);
        Assert.Equal(stored[arrivals[5]].AnswerVersion, again.Participant!.AnswerVersion);
        var declined = await seats.AnswerAsync(id, arrivals[5], Decision.Decline, "ติดราชการ");
        var offer = Assert.Single(declined.NewOffers);
        Assert.Equal(arrivals[22], offer.ParticipantId);
        var offered = (await store.FindParticipantAsync(id, arrivals[22], default))!;
        Assert.Equal(AnswerStatus.Offered, offered.Status);
        Assert.InRange(offered.OfferExpiresAt!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(47.9), TimeSpan.FromHours(48));
        Assert.Equal(1, (await seats.AnswerAsync(id, arrivals[23], Decision.Accept, null)).WaitlistPosition);
    }

    [Fact]
    public async Task ThousandSimultaneousAcceptsOverHttp_GiveExactlyTwentyTwoPlaces_AndNothingIsLost()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 1000, capacity: 22, quotas: false));
        var tokens = await runner.TokensAsync(id);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { BaseAddress = runner.Runner.Address };

        var responses = await Task.WhenAll(tokens.Select(async t =>
        {
            using var form = EnrolmentRunner.Form(("decision", "accept"));
            var response = await client.PostAsync($"api/rsvp/{t.Value}", form);
            var html = await response.Content.ReadAsStringAsync();
            return (Participant: t.Key, response.StatusCode, Status: EnrolmentRunner.StatusOn(html), Position: Position().Match(html).Groups[1].Value);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(22, responses.Count(r => r.Status == "accepted"));
        Assert.Equal(978, responses.Count(r => r.Status == "waitlisted"));
        var stored = (await runner.Get<ProgrammeStore>().ParticipantsAsync(id, default)).ToDictionary(p => p.Id);
        Assert.Equal(responses.Where(r => r.Status == "accepted").Select(r => r.Participant).Order(), stored.Values.Where(p => p.Status == AnswerStatus.Accepted).Select(p => p.Id).Order());
        // Each waiting-list position told to a person is their rank in the stored queue.
        var rank = stored.Values.Where(p => p.Status == AnswerStatus.Waitlisted).OrderBy(p => p.WaitlistSeq).Select((p, i) => (p.Id, i + 1)).ToDictionary();
        Assert.All(responses.Where(r => r.Status == "waitlisted"), r => Assert.Equal(rank[r.Participant].ToString(System.Globalization.CultureInfo.InvariantCulture), r.Position));
    }

    [Fact]
    public async Task DefinitionChangedBehindTheSeatBooksBack_IsHonouredAtTheNextAnswer()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, capacity: 4, quotas: false));
        var seats = runner.Get<SeatBook>();
        var store = runner.Get<ProgrammeStore>();
        var people = (await store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        Assert.Equal(AnswerStatus.Accepted, (await seats.AnswerAsync(id, people[0], Decision.Accept, null)).Participant!.Status);

        // Another instance (or an organiser's edit) lowers the capacity: the book holds the old definition in
        // memory, but its transaction checks the definition's ETag, so the next answer is decided on the new one.
        await store.UpdateAsync(id, p => p with { Capacity = 1 }, default);
        var second = await seats.AnswerAsync(id, people[1], Decision.Accept, null);
        Assert.Equal(AnswerStatus.Waitlisted, second.Participant!.Status);
        Assert.Equal(1, second.Programme!.Capacity);

        // A cancellation written the same way closes enrolment at once.
        await store.UpdateAsync(id, p => p with { CancelledAt = DateTimeOffset.UtcNow }, default);
        Assert.Equal(AnswerRefusal.Closed, (await seats.AnswerAsync(id, people[2], Decision.Accept, null)).Refusal);
        var stored = (await store.ParticipantsAsync(id, default)).ToDictionary(p => p.Id);
        Assert.Equal(1, stored.Values.Count(p => p.Status == AnswerStatus.Accepted));
        Assert.Null(stored[people[2]].AnsweredAt);
    }

    [Fact]
    public async Task RowsMarkedWhileAnswersFlow_AreReReadAlone_AndTheCountsStayExact()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 6, capacity: 2, quotas: false));
        var seats = runner.Get<SeatBook>();
        var store = runner.Get<ProgrammeStore>();
        var people = (await store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        Assert.Equal(AnswerStatus.Accepted, (await seats.AnswerAsync(id, people[0], Decision.Accept, null)).Participant!.Status);

        // A reminder step marks three people after the book loaded the roster: their ETags change under it.
        var reminded = DateTimeOffset.UtcNow;
        await store.UpdateParticipantsAsync(id, p => p.Id != people[0], p => p with { LastRemindedAt = reminded }, default);
        var outcomes = await Task.WhenAll(people.Skip(1).Take(3).Select(p => seats.AnswerAsync(id, p, Decision.Accept, null)));

        Assert.Equal([AnswerStatus.Accepted, AnswerStatus.Waitlisted, AnswerStatus.Waitlisted], outcomes.Select(o => o.Participant!.Status));
        Assert.Equal([1, 2], outcomes.Skip(1).Select(o => o.WaitlistPosition!.Value));
        var stored = (await store.ParticipantsAsync(id, default)).ToDictionary(p => p.Id);
        Assert.Equal(2, stored.Values.Count(p => p.Status == AnswerStatus.Accepted));
        Assert.Equal([1L, 2L], people.Skip(2).Take(2).Select(p => stored[p].WaitlistSeq!.Value));
        // Both writers kept: the answer and the reminder mark.
        Assert.All(people.Skip(1).Take(3), p => Assert.Equal(reminded, stored[p].LastRemindedAt));
    }

    [Fact]
    public async Task SiteQuota_IsNeverExceeded_EvenWithPlacesLeft()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme() with
        {
            Quotas = [new QuotaRequest { Site = "โรงเรียนวังโป่งพิทยาคม", Places = 2 }],
        });
        var seats = runner.Get<SeatBook>();
        var site = (await runner.Get<ProgrammeStore>().ParticipantsAsync(id, default)).Where(p => p.Site == "โรงเรียนวังโป่งพิทยาคม").ToList();
        Assert.Equal(3, site.Count);
        var outcomes = new List<AnswerOutcome>();
        foreach (var p in site)
        {
            outcomes.Add(await seats.AnswerAsync(id, p.Id, Decision.Accept, null));
        }
        Assert.Equal([AnswerStatus.Accepted, AnswerStatus.Accepted, AnswerStatus.Waitlisted], outcomes.Select(o => o.Participant!.Status));
        // When one of the school's places frees, the school's next person is offered it.
        var freed = await seats.AnswerAsync(id, site[0].Id, Decision.Decline, null);
        Assert.Equal(site[2].Id, Assert.Single(freed.NewOffers).ParticipantId);
    }

    [Fact]
    public async Task UnansweredOffer_ExpiresAfterFortyEightProgrammeHours_AndGoesToTheNextInLine()
    {
        // 50,000× clock: 48 programme hours pass in about 3.5 seconds.
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 4, capacity: 1, quotas: false, clockSpeed: 50_000, deadlineDays: 30));
        var tokens = await runner.TokensAsync(id);
        var order = tokens.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var p in order.Take(3))
        {
            using var accept = EnrolmentRunner.Form(("decision", "accept"));
            Assert.Equal(HttpStatusCode.OK, (await runner.Anonymous.PostAsync($"api/rsvp/{tokens[p]}", accept)).StatusCode);
        }
        using var decline = EnrolmentRunner.Form(("decision", "decline"), ("reason", "ป่วย"));
        await runner.Anonymous.PostAsync($"api/rsvp/{tokens[order[0]]}", decline);

        var store = runner.Get<ProgrammeStore>();
        Assert.Equal(AnswerStatus.Offered, (await store.FindParticipantAsync(id, order[1], default))!.Status);
        var next = await EnrolmentRunner.WaitForAsync(() => store.FindParticipantAsync(id, order[2], default), p => p!.Status == AnswerStatus.Offered, 30);
        Assert.Equal(AnswerStatus.Offered, next!.Status);
        var expired = (await store.FindParticipantAsync(id, order[1], default))!;
        Assert.Equal(AnswerStatus.Declined, expired.Status);
        Assert.Equal(SeatBook.OfferExpiredReason, expired.DeclineReason);
        // Answer mails queue behind the class's 1,000-accept test in the same runner: give them time.
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "offer") >= 2, 120);
        Assert.Equal(2, mails.Count(m => m.Kind == "offer"));
    }

    [GeneratedRegex(@"data-position=""(\d*)""")]
    private static partial Regex Position();
}
