using LibraryTraining.Configuration;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace LibraryTraining.Tests.Faults;

/// <summary>
/// The real SendGrid client against a stub that answers 429, 500, slowly, or drops the connection
/// about half the time: a whole programme still delivers every email once, and none twice.
/// </summary>
public sealed class FlakySendGridTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task FlakySendGrid_ThroughAWholeProgramme_DeliversEveryEmailExactlyOnce()
    {
        await using var sendGrid = await FlakySendGrid.StartAsync(seed: 20261125, faultRate: 0.5);
        await using var durable = await InMemoryDurable.StartAsync(settings: new Dictionary<string, string?>
        {
            [AppSettings.MailMode] = "sendgrid",
            [AppSettings.SendGridApiKey] = "SG.loopback-stub-key",
            [AppSettings.SendGridFromEmail] = "training@example.org",
            [AppSettings.SendGridApiHost] = sendGrid.Address.AbsoluteUri.TrimEnd('/'),
        });
        var service = durable.Get<ProgrammeService>();
        var store = durable.Get<ProgrammeStore>();
        var created = await service.CreateAsync(
            SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(8), TimeSpan.FromDays(6), clockSpeed: 20_000, participants: 40),
            durable.Client, default);
        var id = created.Programme!.Id;

        await Poll.UntilAsync(async () => (await store.ParticipantsAsync(id, default)).All(p => p.InvitedAt is not null), "everyone invited");
        var roster = (await store.ParticipantsAsync(id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var accepted = roster.Take(20).ToList();
        await store.SaveParticipantsAsync(id, accepted.Select(p => p with { Status = AnswerStatus.Accepted }), default);

        var done = await durable.Client.WaitForInstanceCompletionAsync(ProgrammeRun.InstanceId(id), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        var briefings = ProgrammeTimeline.Plan(created.Programme!).Where(s => s.Kind == StepKind.DailyBriefing).Select(s => s.Id).ToList();
        Assert.Equal(3, briefings.Count);
        var expected = roster.Select(p => $"invitation|invite|{p.Id}")
            .Concat(roster.Skip(20).SelectMany(p => new[] { $"reminder|reminder:P3D|{p.Id}", $"reminder|reminder:P1D|{p.Id}" }))
            .Concat(accepted.Select(p => $"joining-instructions|joining|{p.Id}"))
            .Concat(accepted.Select(p => $"thanks|wrap-up|{p.Id}"))
            .Concat(accepted.SelectMany(p => briefings.Select(b => $"daily-briefing|{b}|{p.Id}")))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(40 + 2 * 20 + 20 + 20 + 3 * 20, expected.Count);
        var mine = sendGrid.Accepted.ToDictionary(); // the stub serves this programme only
        Assert.All(mine, kv => Assert.True(kv.Value == 1, $"{kv.Key} was delivered {kv.Value} times"));
        // Exactly these mails: none missing, none extra; and the organiser's one report at the wrap-up.
        var report = Assert.Single(mine.Keys, k => k.StartsWith("report|wrap-up|", StringComparison.Ordinal));
        expected.Add(report);
        var missing = expected.Except(mine.Keys, StringComparer.Ordinal).ToList();
        var extra = mine.Keys.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing {missing.Count}: {string.Join(", ", missing.Take(5))}; extra {extra.Count}: {string.Join(", ", extra.Take(5))}");
        output.WriteLine($"faults injected: {string.Join(", ", sendGrid.Faults.Select(f => $"{f.Key} {f.Value}"))}; emails delivered once each: {mine.Count}");
        Assert.True(sendGrid.Faults.Values.Sum() >= 5, $"only {sendGrid.Faults.Values.Sum()} faults were injected");
    }
}
