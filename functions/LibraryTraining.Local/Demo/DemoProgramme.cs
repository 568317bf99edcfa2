using System.Globalization;
using System.Text.Json;
using LibraryTraining.Enrolment;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining.Local.Demo;

/// <summary>
/// <c>--demo</c>: the seed programme (docs/examples/create-programme.json) on a compressed clock, so
/// it runs from invitations to wrap-up in about ten minutes while simulated participants answer
/// through their own links. A restart resumes the demo already running instead of seeding another.
/// </summary>
public static class DemoProgramme
{
    /// <summary>About ten programme days in ten minutes.</summary>
    public const double ClockSpeed = 1_440;

    public static async Task RunAsync(LocalRunner runner, CancellationToken cancellationToken)
    {
        var services = runner.Services;
        var store = services.GetRequiredService<ProgrammeStore>();
        var durable = services.GetRequiredService<DurableTaskClient>();
        var marker = Path.Combine(RepoPaths.LocalData, "demo-programme");
        var id = File.Exists(marker) ? File.ReadAllText(marker).Trim() : null;
        var existing = id is null ? null : await store.FindAsync(id, cancellationToken);
        var view = existing is null ? null : await services.GetRequiredService<ProgrammeService>().ViewAsync(existing.Id, durable, cancellationToken);

        if (view is null || view.Phase is "completed" or "cancelled")
        {
            var request = SeedRequest(DateTimeOffset.UtcNow);
            var created = await services.GetRequiredService<ProgrammeService>().CreateAsync(request, durable, cancellationToken);
            id = created.Programme!.Id;
            await File.WriteAllTextAsync(marker, id, cancellationToken);
            Console.WriteLine($"Demo: seeded programme {id} ({request.Participants!.Count} participants, 3 days, 2 study visits) at {ClockSpeed}x speed.");
        }
        else
        {
            Console.WriteLine($"Demo: resuming programme {id}, phase {view.Phase}.");
        }
        Console.WriteLine($"Demo: dashboard at {runner.Address}api/programmes/{id}/dashboard?code={runner.OrganiserKey}");
        _ = Task.Run(() => AnswerLikeParticipantsAsync(runner, id!, cancellationToken), cancellationToken);
        await ReportProgressAsync(runner, id!, cancellationToken);
    }

    /// <summary>The seed moved so invitations go out now and the first day is eight programme days away.</summary>
    public static ProgrammeRequest SeedRequest(DateTimeOffset now)
    {
        var seed = JsonSerializer.Deserialize<ProgrammeRequest>(
            File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "examples", "create-programme.json")), WireNames.Json)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(seed.TimeZone ?? "Asia/Bangkok");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var shift = today.AddDays(8).DayNumber - DateOnly.Parse(seed.Days![0].Date!, CultureInfo.InvariantCulture).DayNumber;
        return seed with
        {
            ClockSpeed = ClockSpeed,
            // The deadline falls at 17:00 local, six days from now, as an organiser would set it.
            EnrolmentDeadline = new DateTimeOffset(today.AddDays(6).ToDateTime(new TimeOnly(17, 0)), zone.GetUtcOffset(now)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Days = seed.Days.Select(d => d with { Date = DateOnly.Parse(d.Date!, CultureInfo.InvariantCulture).AddDays(shift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList(),
        };
    }

    /// <summary>
    /// Most participants answer over the first programme days through the same page a phone would
    /// POST to: 16 accept, 2 decline with a reason, 4 never answer (and get reminded).
    /// </summary>
    static async Task AnswerLikeParticipantsAsync(LocalRunner runner, string programmeId, CancellationToken cancellationToken)
    {
        var store = runner.Services.GetRequiredService<ProgrammeStore>();
        var links = runner.Services.GetRequiredService<ParticipantLinks>();
        using var http = new HttpClient { BaseAddress = runner.Address };
        var roster = (await store.ParticipantsAsync(programmeId, cancellationToken)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var random = new Random(programmeId.GetHashCode(StringComparison.Ordinal));
        for (var i = 0; i < roster.Count - 4; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(random.Next(3, 20)), cancellationToken);
            var participant = (await store.FindParticipantAsync(programmeId, roster[i].Id, cancellationToken))!;
            if (participant.Status is not (AnswerStatus.Invited or AnswerStatus.NoAnswer))
            {
                continue;
            }
            var decline = i % 9 == 8;
            var token = links.TokenFor(programmeId, participant.Id, participant.LinkGeneration);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["decision"] = decline ? "decline" : "accept",
                ["reason"] = decline ? "ติดภารกิจราชการ (official duty)" : "",
            });
            var response = await http.PostAsync(new Uri($"api/rsvp/{token}", UriKind.Relative), form, cancellationToken);
            Console.WriteLine($"Demo: participant {participant.Id} {(decline ? "declines" : "accepts")} → {(int)response.StatusCode}");
        }
    }

    static async Task ReportProgressAsync(LocalRunner runner, string programmeId, CancellationToken cancellationToken)
    {
        var service = runner.Services.GetRequiredService<ProgrammeService>();
        var durable = runner.Services.GetRequiredService<DurableTaskClient>();
        var outbox = runner.Services.GetRequiredService<OutboxMailSender>();
        var last = "";
        while (!cancellationToken.IsCancellationRequested)
        {
            var view = await service.ViewAsync(programmeId, durable, cancellationToken);
            var mails = await outbox.ReadAsync(programmeId, cancellationToken);
            var sent = string.Join(", ", mails.GroupBy(m => m.Kind).Select(g => $"{g.Key} {g.Count()}"));
            var next = view?.NextStep is { } step ? $"next: {step.What} at {step.At.ToOffset(TimeSpan.FromHours(7)):yyyy-MM-dd HH:mm} (Bangkok)" : "";
            var line = $"Demo: phase {view?.Phase} · accepted {view?.Counts.Accepted}, declined {view?.Counts.Declined}, pending {view?.Counts.Pending} · {next} · sent: {sent}";
            if (line != last)
            {
                Console.WriteLine(line);
                last = line;
            }
            if (view?.Phase is "completed" or "cancelled")
            {
                Console.WriteLine(runner.OutboxViewer is { } viewer ? $"Demo: finished. Read the emails at {viewer.AbsoluteUri}" : "Demo: finished.");
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
    }
}
