using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// The published app under the real Functions host, as Flex Consumption runs it: several instances on
/// one storage account and task hub, any of which can be stopped (scale-in) or killed at any moment.
/// Whatever happens to an instance, the places are exact, everyone who answered gets exactly one answer
/// mail, and no mail is stored twice. Each test reports all it found at once, so a failure gives every number.
/// </summary>
public sealed class MultiInstanceAnswerTests(ITestOutputHelper output)
{
    const int Capacity = 22;
    // A killed instance's mails wait out the fast path's grace (10 s), then the timer sweep: every 5 s here,
    // but first the timer's listener lock must pass from a dead host to a live one (host.json: 15 s lease,
    // polled every 15 s). A minute and a half leaves room for a loaded 2-core machine.
    static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(90);

    [RealHostFact]
    public async Task AnswerBurstOverTwoInstances_OneStoppedGracefullyMidBurst_SeatsExactAndEveryAnswerMailedOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var hosts = await RealHostInstances.StartAsync(2, "scalein", output);
        var programme = await HostedProgramme.CreateAsync(hosts, hosts[0], participants: 160, capacity: Capacity);
        var ready = clock.Elapsed;

        var burst = new AnswerBurst([hosts[0], hosts[1]]);
        var stopTook = TimeSpan.Zero;
        var signalled = DateTimeOffset.MinValue;
        // Halfway in, scale-in sends host2 SIGTERM while it is still taking answers; the balancer stops
        // routing to it half a second later (what it refused meanwhile is sent again to host1). It never comes back.
        await burst.RunAsync(Accepting(programme, programme.People), concurrency: 8, triggerAfter: 80, trigger: async () =>
        {
            signalled = DateTimeOffset.UtcNow;
            var stopping = hosts[1].StopAsync();
            await Task.Delay(500);
            burst.Remove(hosts[1]);
            stopTook = await stopping;
        });
        Assert.False(hosts[1].Running);
        output.WriteLine($"ready after {ready.TotalSeconds:F1} s; burst done after {clock.Elapsed.TotalSeconds:F1} s; host2 answered {burst.AnsweredBy.Values.Count(v => v == hosts[1].Name)} and took {stopTook.TotalSeconds:F1} s to stop; {burst.Retries} requests sent again");
        var stored = await programme.MailsAsync();
        output.WriteLine($"answer mails stored after the SIGTERM: {stored.Count(m => HostedProgramme.AnswerKinds.Contains(m.Kind) && m.SentAt > signalled)} of {stored.Count(m => HostedProgramme.AnswerKinds.Contains(m.Kind))}");

        var problems = burst.Failures.ToList();
        problems.AddRange(await AnswersKeptAndMailedOnceAsync(programme, hosts[0], programme.People));
        output.WriteLine($"checked after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [RealHostFact]
    public async Task AnswerBurstOverTwoInstances_OneKilledMidBurstAndRestarted_SeatsExactAndEveryAnswerMailedOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var hosts = await RealHostInstances.StartAsync(2, "sigkill", output);
        var programme = await HostedProgramme.CreateAsync(hosts, hosts[0], participants: 120, capacity: Capacity);
        var ready = clock.Elapsed;

        var burst = new AnswerBurst([hosts[0], hosts[1]]);
        var answers = Accepting(programme, programme.People);
        // host2 crashes halfway through the first 70 answers; the rest of those go to host1 while it restarts,
        // then the last 50 are spread over both again.
        await burst.RunAsync(answers.Take(70).ToList(), concurrency: 8, triggerAfter: 35, trigger: async () =>
        {
            burst.Remove(hosts[1]);
            await hosts[1].KillAsync();
        });
        var before = await programme.MailsAsync();
        output.WriteLine($"while host2 was down: {burst.AnsweredBy.Count} answered, {before.Count(m => HostedProgramme.AnswerKinds.Contains(m.Kind))} answer mails stored");
        await hosts[1].StartAsync();
        burst.Add(hosts[1]);
        await burst.RunAsync(answers.Skip(70).ToList(), concurrency: 8);
        output.WriteLine($"ready after {ready.TotalSeconds:F1} s; burst done after {clock.Elapsed.TotalSeconds:F1} s (host2 restarted in {hosts[1].LastStart.TotalSeconds:F1} s); {burst.Retries} requests sent again");

        var problems = burst.Failures.ToList();
        problems.AddRange(await AnswersKeptAndMailedOnceAsync(programme, hosts[0], programme.People));
        output.WriteLine($"checked after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [RealHostFact]
    public async Task AnswerBurstOverTwoInstances_OneKilledMidBurstAndNeverReplaced_SeatsExactAndEveryAnswerMailedOnce()
    {
        // Not in Azure's plan but in its nature: an instance can vanish and nothing starts in its place.
        var clock = Stopwatch.StartNew();
        await using var hosts = await RealHostInstances.StartAsync(2, "vanish", output);
        var programme = await HostedProgramme.CreateAsync(hosts, hosts[0], participants: 120, capacity: Capacity);
        var ready = clock.Elapsed;

        var burst = new AnswerBurst([hosts[0], hosts[1]]);
        await burst.RunAsync(Accepting(programme, programme.People), concurrency: 8, triggerAfter: 50, trigger: async () =>
        {
            await hosts[1].KillAsync();
            burst.Remove(hosts[1]);
        });
        output.WriteLine($"ready after {ready.TotalSeconds:F1} s; burst done after {clock.Elapsed.TotalSeconds:F1} s; host2 answered {burst.AnsweredBy.Values.Count(v => v == hosts[1].Name)}; {burst.Retries} requests sent again");

        var problems = burst.Failures.ToList();
        problems.AddRange(await AnswersKeptAndMailedOnceAsync(programme, hosts[0], programme.People));
        output.WriteLine($"checked after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [RealHostFact]
    public async Task OffersExpiringWhileEveryInstanceIsStopped_MoveOnToTheNextPeople_OnAFreshInstance_EachOfferMailedOnce()
    {
        const int Declines = 3;
        var clock = Stopwatch.StartNew();
        await using var hosts = await RealHostInstances.StartAsync(2, "offers", output);
        // 8,640×: an offer's 48 hours last 20 s; the enrolment deadline (30 days) is 5 minutes away.
        var programme = await HostedProgramme.CreateAsync(hosts, hosts[0], participants: 100, capacity: Capacity, clockSpeed: 8_640);
        var offerLasts = TimeSpan.FromHours(48) / 8_640;

        var burst = new AnswerBurst([hosts[0], hosts[1]]);
        await burst.RunAsync(Accepting(programme, programme.People), concurrency: 8);
        var problems = burst.Failures.ToList();
        var stored = await programme.StoredParticipantsAsync();
        var accepted = stored.Where(p => p.Status == AnswerStatus.Accepted).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var waitlist = stored.Where(p => p.Status == AnswerStatus.Waitlisted).OrderBy(p => p.WaitlistSeq).ToList();
        Assert.True(accepted.Count == Capacity && waitlist.Count == 100 - Capacity, $"after the burst: {accepted.Count} accepted, {waitlist.Count} waitlisted");

        // Three people with places decline, through both instances: their places are offered to the first three in line.
        var decliners = accepted.Take(Declines).ToList();
        for (var i = 0; i < Declines; i++)
        {
            using var declined = await HostedProgramme.AnswerAsync(hosts[i % 2], programme.TokenFor(decliners[i]), "decline");
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        }
        var declinedAt = DateTime.UtcNow;
        var declinesDone = clock.Elapsed;
        // Scale to zero straight away; the offers run out while nothing runs.
        var stops = await Task.WhenAll(hosts[0].StopAsync(), hosts[1].StopAsync());
        var idle = declinedAt + offerLasts + TimeSpan.FromSeconds(1) - DateTime.UtcNow;
        if (idle > TimeSpan.Zero)
        {
            await Task.Delay(idle);
        }
        var fresh = await hosts.StartNewAsync();
        output.WriteLine($"declines done after {declinesDone.TotalSeconds:F1} s; both stopped in {stops.Max().TotalSeconds:F1} s; {fresh.Name} started {(DateTime.UtcNow - declinedAt).TotalSeconds:F1} s after the declines");

        // The first offers expire on the fresh instance and go to the next three in line.
        var roster = await programme.RosterAsync(fresh);
        var movedOn = await Eventually.TryAsync(async () =>
        {
            roster = await programme.RosterAsync(fresh);
            return waitlist.Take(Declines).All(p => roster[p.Id] == "declined")
                && waitlist.Skip(Declines).Take(Declines).All(p => roster[p.Id] is "offered" or "declined");
        }, TimeSpan.FromSeconds(60));
        if (!movedOn)
        {
            problems.Add($"the expired offers did not move on within 60 s: first in line {Statuses(waitlist.Take(Declines), roster)}, next in line {Statuses(waitlist.Skip(Declines).Take(Declines), roster)}");
        }
        var mails = await programme.MailsAsync();
        var offersWhenMovedOn = mails.Count(m => m.Kind == "offer");
        await Eventually.TryAsync(async () =>
        {
            mails = await programme.MailsAsync();
            return waitlist.Take(2 * Declines).All(p => mails.Any(m => m.ParticipantId == p.Id && m.Kind == "offer"));
        }, MailTimeout);
        await Task.Delay(TimeSpan.FromSeconds(3)); // anything sent twice has had time to land
        mails = await programme.MailsAsync();
        roster = await programme.RosterAsync(fresh);
        output.WriteLine($"checked after {clock.Elapsed.TotalSeconds:F1} s; offer mails: {offersWhenMovedOn} when the offers had moved on, {mails.Count(m => m.Kind == "offer")} in the end, "
            + $"sent at {string.Join(", ", mails.Where(m => m.Kind == "offer").Select(m => $"{(m.SentAt - declinedAt).TotalSeconds:F1} s"))} after the declines");

        Count(problems, "accepted", roster, Capacity - Declines);
        Count(problems, "offered", roster, Declines);
        if (decliners.Any(p => roster[p.Id] != "declined"))
        {
            problems.Add($"the decliners: {Statuses(decliners, roster)}");
        }
        // Offers go down the waiting list in order: whoever got one is a prefix of it, the first six at least.
        var offered = waitlist.Select((p, i) => (p, i, Mails: mails.Count(m => m.ParticipantId == p.Id && m.Kind == "offer"))).ToList();
        var reached = offered.Count(o => roster[o.p.Id] is "offered" or "declined");
        if (reached < 2 * Declines)
        {
            problems.Add($"offers reached {reached} people on the waiting list, expected at least {2 * Declines}");
        }
        var wrong = offered.Take(Math.Max(reached, 2 * Declines)).Where(o => o.Mails != 1).Select(o => $"#{o.i + 1} ({roster[o.p.Id]}): {o.Mails} offer mails").ToList();
        if (wrong.Count > 0)
        {
            problems.Add($"{wrong.Count} of the first {Math.Max(reached, 2 * Declines)} in line did not get exactly one offer mail: {string.Join("; ", wrong)}");
        }
        var beyond = offered.Skip(reached).Where(o => o.Mails > 0 || roster[o.p.Id] != "waitlisted").Select(o => $"#{o.i + 1} ({roster[o.p.Id]}, {o.Mails} offer mails)").ToList();
        if (beyond.Count > 0)
        {
            problems.Add($"offers skipped people in line, or mails went to people not offered: {string.Join("; ", beyond)}");
        }
        problems.AddRange(OneAnswerMailEach(programme.People, mails, p => waitlist.Any(w => w.Id == p.Id) ? "waitlisted" : "confirmation"));
        problems.AddRange(StoredSends.Repeats(mails).Select(r => $"stored twice: {r}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [RealHostFact]
    public async Task LinkReissuedThroughOneInstance_IsRefusedByTheOtherAtOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var hosts = await RealHostInstances.StartAsync(2, "reissue", output);
        var programme = await HostedProgramme.CreateAsync(hosts, hosts[0], participants: 40, capacity: Capacity);
        var person = programme.People[0];
        var old = programme.TokenFor(person);

        // host2 has seen the link work (the participant opened their invitation there).
        using (var page = await hosts[1].Http.GetAsync(new Uri($"api/rsvp/{old}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        var burst = new AnswerBurst([hosts[0], hosts[1]]);
        await burst.RunAsync(Accepting(programme, programme.People.Skip(1)), concurrency: 8);
        var problems = burst.Failures.ToList();

        // The organiser sends the participant a new link through host1.
        using (var reissued = await hosts[0].Http.PostAsync(new Uri($"api/programmes/{programme.Id}/participants/{person.Id}/link", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
            var link = JsonDocument.Parse(await reissued.Content.ReadAsStringAsync()).RootElement.GetProperty("link").GetString()!;
            Assert.EndsWith(programme.TokenFor(person, person.LinkGeneration + 1), link, StringComparison.Ordinal);
        }
        // At once, on both instances, the old link is refused as replaced.
        foreach (var instance in new[] { hosts[0], hosts[1] })
        {
            using var page = await instance.Http.GetAsync(new Uri($"api/rsvp/{old}", UriKind.Relative));
            if (page.StatusCode != HttpStatusCode.Gone)
            {
                problems.Add($"GET of the replaced link on {instance.Name}: {(int)page.StatusCode}, expected 410 (revoked)");
            }
        }
        using (var calendar = await hosts[1].Http.GetAsync(new Uri($"api/rsvp/{old}/calendar.ics", UriKind.Relative)))
        {
            if (calendar.StatusCode != HttpStatusCode.Gone)
            {
                problems.Add($"GET of the calendar through the replaced link on {hosts[1].Name}: {(int)calendar.StatusCode}, expected 410 (revoked)");
            }
        }
        using (var answer = await HostedProgramme.AnswerAsync(hosts[1], old, "accept"))
        {
            if (answer.StatusCode != HttpStatusCode.Gone)
            {
                problems.Add($"POST accept through the replaced link on {hosts[1].Name}: {(int)answer.StatusCode}, expected 410 (revoked)");
            }
        }
        var before = (await programme.RosterAsync(hosts[1]))[person.Id];
        if (before != "invited")
        {
            problems.Add($"after the answer through the replaced link the participant is {before}, expected invited (nothing recorded)");
        }
        // The new link works there.
        using (var answer = await HostedProgramme.AnswerAsync(hosts[1], programme.TokenFor(person, person.LinkGeneration + 1), "accept"))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        problems.AddRange(await AnswersKeptAndMailedOnceAsync(programme, hosts[1], programme.People));
        output.WriteLine($"checked after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    static List<(string Token, string Decision)> Accepting(HostedProgramme programme, IEnumerable<Participant> people) =>
        people.Select(p => (programme.TokenFor(p), "accept")).ToList();

    /// <summary>
    /// Everyone in <paramref name="answered"/> accepted once: the first <see cref="Capacity"/> have places, the
    /// rest are waitlisted, each got exactly one mail saying which, and no mail key is stored twice.
    /// </summary>
    async Task<List<string>> AnswersKeptAndMailedOnceAsync(HostedProgramme programme, RealHostInstance via, IReadOnlyList<Participant> answered)
    {
        var problems = new List<string>();
        var roster = await programme.RosterAsync(via);
        Count(problems, "accepted", roster, Capacity);
        Count(problems, "waitlisted", roster, answered.Count - Capacity);
        string Expected(Participant p) => roster[p.Id] == "accepted" ? "confirmation" : "waitlisted";

        var mails = await programme.MailsAsync();
        var missing = new List<Participant>();
        var clock = Stopwatch.StartNew();
        var arrived = await Eventually.TryAsync(async () =>
        {
            mails = await programme.MailsAsync();
            missing = answered.Where(p => !mails.Any(m => m.ParticipantId == p.Id && m.Kind == Expected(p))).ToList();
            return missing.Count == 0;
        }, MailTimeout);
        output.WriteLine($"answer mails: all {(arrived ? "arrived" : "NOT arrived")} after {clock.Elapsed.TotalSeconds:F1} s");
        if (!arrived)
        {
            var places = missing.Count(p => roster[p.Id] == "accepted");
            problems.Add($"{missing.Count} of {answered.Count} who answered got no answer mail within {MailTimeout.TotalSeconds:F0} s: " +
                $"{places} of {roster.Values.Count(s => s == "accepted")} confirmations and {missing.Count - places} of {roster.Values.Count(s => s == "waitlisted")} waiting-list mails missing " +
                $"({mails.Count(m => HostedProgramme.AnswerKinds.Contains(m.Kind))} answer mails stored)");
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // anything sent twice has had time to land
        mails = await programme.MailsAsync();
        problems.AddRange(OneAnswerMailEach(answered, mails, Expected).Where(p => !p.StartsWith("no answer mail", StringComparison.Ordinal)));
        problems.AddRange(StoredSends.Repeats(mails).Select(r => $"stored twice: {r}"));
        return problems;
    }

    /// <summary>Each person has exactly one confirmation or waiting-list mail, of the kind their status calls for.</summary>
    static IEnumerable<string> OneAnswerMailEach(IEnumerable<Participant> people, IReadOnlyList<StoredMail> mails, Func<Participant, string> expected)
    {
        var counts = people.Select(p => (p, Kinds: mails.Where(m => m.ParticipantId == p.Id && m.Kind is "confirmation" or "waitlisted").Select(m => m.Kind).ToList())).ToList();
        var none = counts.Count(c => c.Kinds.Count == 0);
        if (none > 0)
        {
            yield return $"no answer mail for {none} of {counts.Count}";
        }
        var many = counts.Where(c => c.Kinds.Count > 1).ToList();
        if (many.Count > 0)
        {
            yield return $"{many.Count} of {counts.Count} got more than one answer mail: {string.Join("; ", many.Take(10).Select(c => string.Join("+", c.Kinds)))}";
        }
        var wrong = counts.Count(c => c.Kinds.Count == 1 && c.Kinds[0] != expected(c.p));
        if (wrong > 0)
        {
            yield return $"{wrong} of {counts.Count} got an answer mail of the wrong kind for where they stand";
        }
    }

    static void Count(List<string> problems, string status, IReadOnlyDictionary<string, string> roster, int expected)
    {
        var actual = roster.Values.Count(s => s == status);
        if (actual != expected)
        {
            problems.Add($"{actual} {status}, expected {expected} (roster: {string.Join(", ", roster.Values.GroupBy(s => s).Select(g => $"{g.Count()} {g.Key}"))})");
        }
    }

    static string Statuses(IEnumerable<Participant> people, IReadOnlyDictionary<string, string> roster) =>
        string.Join(", ", people.Select(p => roster.GetValueOrDefault(p.Id, "?")));
}
