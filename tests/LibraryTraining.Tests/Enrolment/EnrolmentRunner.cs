using System.Text.RegularExpressions;
using Azure.Data.Tables;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>One local runner for all enrolment tests: they use their own programmes, so they share it.</summary>
[CollectionDefinition(Name)]
public sealed class EnrolmentCollection : ICollectionFixture<RunnerFixture>
{
    public const string Name = "enrolment";
}

/// <summary>Helpers the enrolment tests share: programmes made to measure, links, waiting for mail.</summary>
public static partial class EnrolmentRunner
{
    public static T Get<T>(this RunnerFixture runner) where T : notnull => runner.Runner.Services.GetRequiredService<T>();

    /// <summary>The seed programme a month ahead on a real-time clock, with <paramref name="participants"/> people.</summary>
    public static ProgrammeRequest Programme(int participants = 22, int? capacity = 22, bool quotas = true, double clockSpeed = 1, int deadlineDays = 20) =>
        SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(deadlineDays + 10), TimeSpan.FromDays(deadlineDays), clockSpeed, participants) with
        {
            Capacity = capacity,
            Quotas = quotas ? SeedProgramme.Example().Quotas : [],
        };

    /// <summary>Issues (idempotently) each participant's link, without waiting for the invitations.</summary>
    public static async Task<Dictionary<string, string>> TokensAsync(this RunnerFixture runner, string programmeId)
    {
        var store = runner.Get<ProgrammeStore>();
        var links = runner.Get<ParticipantLinks>();
        var programme = (await store.FindAsync(programmeId, default))!;
        var roster = await store.ParticipantsAsync(programmeId, default);
        var tokens = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(roster, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, ct) =>
            tokens[p.Id] = await links.IssueAsync(programmeId, p.Id, p.LinkGeneration, ProgrammeTime.LastMomentOf(programme) + ParticipantLinks.ValidAfterProgramme, ct));
        return tokens.ToDictionary();
    }

    /// <summary>Waits for the outbox to satisfy <paramref name="done"/>; generous, because a loaded 2-core CI machine can hold invitations back a minute.</summary>
    public static async Task<IReadOnlyList<OutboxEntry>> MailsAsync(this RunnerFixture runner, string programmeId, Func<IReadOnlyList<OutboxEntry>, bool> done, int seconds = 150,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(done))] string condition = "")
    {
        var outbox = runner.Get<OutboxMailSender>();
        return await Poll.UntilAsync(() => outbox.ReadAsync(programmeId, default), done, $"the outbox of {programmeId}: {condition}", seconds,
            mails => $"{mails.Count} mails: " + string.Join(", ", mails.GroupBy(m => m.Kind).Select(g => $"{g.Key} {g.Count()}")));
    }

    /// <summary>The answer link in a mail, as a relative path the test client can follow.</summary>
    public static string LinkIn(OutboxEntry mail) => new Uri(AnswerLink().Match(mail.Text).Value).PathAndQuery.TrimStart('/');

    /// <summary><see cref="Poll.UntilAsync{T}"/>: fails on timeout, naming the caller's condition.</summary>
    public static Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 60,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(done))] string condition = "") =>
        Poll.UntilAsync(read, done, seconds: seconds, condition: condition);

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public static string StatusOn(string html) => PageStatus().Match(html).Groups[1].Value;

    /// <summary>Every row a programme owns, with its ETag: equal snapshots mean nothing was written.</summary>
    public static async Task<List<string>> SnapshotAsync(this RunnerFixture runner, string programmeId, IEnumerable<string> tokens)
    {
        var storage = runner.Get<StorageTables>();
        var rows = new List<string>();
        foreach (var name in new[] { StorageTables.Programmes, StorageTables.MailLedger, DeliveryEvents.Table })
        {
            var table = await storage.TableAsync(name);
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == programmeId))
            {
                rows.Add($"{name}/{row.RowKey}/{row.ETag}");
            }
        }
        var outbox = await storage.ContainerAsync(StorageTables.OutboxContainer);
        await foreach (var blob in outbox.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = programmeId + "/" }))
        {
            rows.Add($"outbox/{blob.Name}/{blob.Properties.ETag}");
        }
        var links = await storage.TableAsync(StorageTables.Links);
        foreach (var token in tokens)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
            var row = await links.GetEntityIfExistsAsync<TableEntity>(hash, "link");
            rows.Add($"links/{hash}/{(row.HasValue ? row.Value!.ETag.ToString() : "none")}");
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/api/rsvp/[A-Za-z0-9_-]{43}")]
    private static partial Regex AnswerLink();

    [GeneratedRegex(@"<main data-status=""([a-z-]+)""")]
    private static partial Regex PageStatus();
}
