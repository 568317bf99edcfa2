using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Enrolment;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// A programme created through the app's API on a real-host instance, with what a test needs around it:
/// participants' personal links (derived with the tests' link secret, as the invitation did), the roster
/// as the organiser's API reports it, and the mails stored in the outbox.
/// </summary>
public sealed class HostedProgramme
{
    public static readonly IReadOnlySet<string> AnswerKinds = new HashSet<string>(StringComparer.Ordinal) { "confirmation", "waitlisted", "offer" };

    readonly RealHostInstances hosts;
    readonly ParticipantLinks links;
    readonly ProgrammeStore store;

    HostedProgramme(RealHostInstances hosts, string id, int capacity, IReadOnlyList<Participant> people)
    {
        this.hosts = hosts;
        this.Id = id;
        this.Capacity = capacity;
        this.People = people;
        var tables = new StorageTables(new Azure.Data.Tables.TableServiceClient(hosts.Storage), new Azure.Storage.Blobs.BlobServiceClient(hosts.Storage));
        this.links = new ParticipantLinks(tables, new LinkSecret(Convert.FromBase64String(TestSettings.LinkSecret)), TimeProvider.System);
        this.store = new ProgrammeStore(tables);
    }

    public string Id { get; }
    public int Capacity { get; }
    public IReadOnlyList<Participant> People { get; }

    /// <summary>
    /// The seed programme with <paramref name="participants"/> invited to <paramref name="capacity"/> places
    /// and no quotas (so the places fill in answer order), dates relative to now; returns once every
    /// invitation is in the outbox.
    /// </summary>
    public static async Task<HostedProgramme> CreateAsync(RealHostInstances hosts, RealHostInstance via, int participants, int capacity,
        double clockSpeed = 1, int deadlineInDays = 30)
    {
        var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(deadlineInDays + 10), TimeSpan.FromDays(deadlineInDays), clockSpeed, participants)
            with { Capacity = capacity, Quotas = [] };
        using var created = await via.Http.PostAsJsonAsync(new Uri("api/programmes", UriKind.Relative), request, WireNames.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"POST api/programmes on {via.Name}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var storage = hosts.Storage;
        var invited = 0;
        await Eventually.ThatAsync(async () =>
        {
            invited = (await StoredSends.ReadAsync(storage, id)).Count(m => m.Kind == "invitation");
            return invited >= participants;
        }, () => $"{participants} invitations stored for programme {id} (seen {invited})\n{hosts.Tails()}", TimeSpan.FromSeconds(90));
        var tables = new StorageTables(new Azure.Data.Tables.TableServiceClient(storage), new Azure.Storage.Blobs.BlobServiceClient(storage));
        var people = (await new ProgrammeStore(tables).ParticipantsAsync(id, default)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        Assert.Equal(participants, people.Count);
        return new HostedProgramme(hosts, id, capacity, people);
    }

    /// <summary>The participant's personal link token: the one their invitation carried, or that of a later generation.</summary>
    public string TokenFor(Participant participant, int? generation = null) =>
        this.links.TokenFor(this.Id, participant.Id, generation ?? participant.LinkGeneration);

    /// <summary>Each participant's status as the organiser's roster API reports it through <paramref name="via"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RosterAsync(RealHostInstance via)
    {
        var rows = await via.Http.GetFromJsonAsync<JsonElement>(new Uri($"api/programmes/{this.Id}/participants", UriKind.Relative));
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString()!, StringComparer.Ordinal);
    }

    /// <summary>The roster as stored (the journal laid over the rows): for what the API does not show, such as waiting-list order.</summary>
    public Task<IReadOnlyList<Participant>> StoredParticipantsAsync() => this.store.ParticipantsAsync(this.Id, default);

    public Task<IReadOnlyList<StoredMail>> MailsAsync() => StoredSends.ReadAsync(this.hosts.Storage, this.Id);

    public static async Task<HttpResponseMessage> AnswerAsync(RealHostInstance via, string token, string decision)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("decision", decision)]);
        return await via.Http.PostAsync(new Uri($"api/rsvp/{token}", UriKind.Relative), form);
    }
}

/// <summary>Bounded waits that fail with what was being waited for.</summary>
public static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan timeout)
    {
        if (!await TryAsync(condition, timeout))
        {
            Assert.Fail($"Timed out after {timeout.TotalSeconds:F0} s waiting for: {what()}");
        }
    }

    /// <summary>False on timeout, for a test that reports several findings together.</summary>
    public static async Task<bool> TryAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            if (await condition())
            {
                return true;
            }
            if (clock.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(500);
        }
        return false;
    }
}
