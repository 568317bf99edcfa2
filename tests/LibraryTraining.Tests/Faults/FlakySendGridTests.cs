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

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await store.ParticipantsAsync(id, default)).Any(p => p.InvitedAt is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var roster = (await store.ParticipantsAsync(id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var accepted = roster.Take(20).ToList();
        await store.SaveParticipantsAsync(id, accepted.Select(p => p with { Status = AnswerStatus.Accepted }), default);

        var done = await durable.Client.WaitForInstanceCompletionAsync(ProgrammeRun.InstanceId(id), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        var expected = roster.Select(p => $"invitation|invite|{p.Id}")
            .Concat(roster.Skip(20).SelectMany(p => new[] { $"reminder|reminder:P3D|{p.Id}", $"reminder|reminder:P1D|{p.Id}" }))
            .Concat(accepted.Select(p => $"joining-instructions|joining|{p.Id}"))
            .Concat(accepted.Select(p => $"thanks|wrap-up|{p.Id}"))
            .ToHashSet(StringComparer.Ordinal);
        var mine = sendGrid.Accepted.ToDictionary(); // the stub serves this programme only
        Assert.All(mine, kv => Assert.True(kv.Value == 1, $"{kv.Key} was delivered {kv.Value} times"));
        Assert.Superset(expected, mine.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(60, mine.Keys.Count(k => k.StartsWith("daily-briefing|", StringComparison.Ordinal)));
        output.WriteLine($"faults injected: {string.Join(", ", sendGrid.Faults.Select(f => $"{f.Key} {f.Value}"))}; emails delivered once each: {mine.Count}");
        Assert.True(sendGrid.Faults.Values.Sum() >= 5, $"only {sendGrid.Faults.Values.Sum()} faults were injected");
    }
}
