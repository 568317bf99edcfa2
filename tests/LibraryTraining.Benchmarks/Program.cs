using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LibraryTraining.Configuration;
using LibraryTraining.Enrolment;
using LibraryTraining.Local;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Programmes;

// Answer-burst benchmark, loopback only, bounded in requests and time:
//   (a) 1,000 accepts for 22 places from 200 clients, each sending its next as soon as its previous is answered;
//   (b) a steady 200 answers a second for 10 seconds (2,000 answers, 500 places).
// Each run is preceded by an untimed warm-up of the same shape on a programme of its own (the answer path
// compiled, the clients' connections open). Each run starts a local runner of its own (with its own
// Azurite on a fresh data folder), or both use one already running:
//   dotnet run -c Release --project tests/LibraryTraining.Benchmarks [-- --url http://127.0.0.1:7071/ --key <organiser key>]
// Several --url options spread the clients over several instances of one app (same storage and task hub),
// as Azure's front end spreads them; --burst-only skips (b). scripts/bench/realhost.sh runs it that way
// against the published app under the real Functions host.
if (args.FirstOrDefault() == "photos")
{
    // dotnet run -c Release --project tests/LibraryTraining.Benchmarks -- photos [photos=100] [clients=8] [bytes=5000000]
    var result = await LibraryTraining.Benchmarks.PhotoUploadBenchmark.RunAsync(
        int.Parse(args.ElementAtOrDefault(1) ?? "100", CultureInfo.InvariantCulture), int.Parse(args.ElementAtOrDefault(2) ?? "8", CultureInfo.InvariantCulture),
        int.Parse(args.ElementAtOrDefault(3) ?? "5000000", CultureInfo.InvariantCulture), Console.WriteLine);
    Console.WriteLine(JsonSerializer.Serialize(result));
    return result.Failures == 0 ? 0 : 1;
}
if (args.FirstOrDefault() == "invitations")
{
    // dotnet run -c Release --project tests/LibraryTraining.Benchmarks -- invitations [22,1000,10000]
    var sizes = (args.ElementAtOrDefault(1) ?? "22,1000,10000").Split(',').Select(int.Parse).ToArray();
    var results = await LibraryTraining.Benchmarks.InvitationBenchmark.RunAsync(sizes, Console.WriteLine);
    Console.WriteLine(JsonSerializer.Serialize(results));
    return 0;
}
if (args.FirstOrDefault() == "status")
{
    // dotnet run -c Release --project tests/LibraryTraining.Benchmarks -- status [programmes] [participants]
    var result = await LibraryTraining.Benchmarks.StatusBenchmark.RunAsync(
        int.Parse(args.ElementAtOrDefault(1) ?? "50", CultureInfo.InvariantCulture), int.Parse(args.ElementAtOrDefault(2) ?? "200", CultureInfo.InvariantCulture), Console.WriteLine);
    Console.WriteLine(JsonSerializer.Serialize(result));
    return result.TableScans == 0 && result.SecondsPerMorning.Max() <= 5 ? 0 : 1;
}
var urls = args.Select((a, i) => (a, i)).Where(x => x.a == "--url" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
var key = args.SkipWhile(a => a != "--key").Skip(1).FirstOrDefault();
var burstOnly = args.Contains("--burst-only");
foreach (var given in urls)
{
    if (!Uri.TryCreate(given, UriKind.Absolute, out var address) || !System.Net.IPAddress.TryParse(address.Host, out var ip) || !System.Net.IPAddress.IsLoopback(ip))
    {
        Console.Error.WriteLine("The benchmark only runs against a loopback address, for example --url http://127.0.0.1:7071/");
        return 2;
    }
}
if (urls.Count > 1)
{
    Console.WriteLine($"Clients spread over {urls.Count} instances: {string.Join(", ", urls)}");
}
// Each run gets a runner of its own on a fresh data folder (unless --url names one), so neither pays
// for the other's data: Azurite saves its whole database every 5 s, and the pause grows with its size.
// Each run is repeated (--runs, 3 by default) and the run with the median p95 is reported as well:
// one run is at the mercy of where Azurite's 5-second save falls.
var runs = int.Parse(args.SkipWhile(a => a != "--runs").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture);
var ok = true;
for (var run = 0; run < runs; run++)
{
    ok &= await Benchmark.OnRunnerAsync(urls, key, async http =>
    {
        await Benchmark.WarmUpAsync(http, answers: 1000, clients: 200, places: 22);
        return await Benchmark.BurstAsync(http, answers: 1000, clients: 200, places: 22);
    });
}
for (var run = 0; run < (burstOnly ? 0 : runs); run++)
{
    ok &= await Benchmark.OnRunnerAsync(urls, key, async http =>
    {
        await Benchmark.WarmUpAsync(http, answers: 200, clients: 200, places: 50);
        return await Benchmark.SteadyAsync(http, perSecond: 200, seconds: 10, places: 500);
    });
}
Benchmark.ReportMedians(runs);
Console.WriteLine(ok ? "Storage matches: counts and first-come order exact." : "MISMATCH: see above.");
return ok ? 0 : 1;

static partial class Benchmark
{
    /// <summary>
    /// Runs <paramref name="run"/> against the instances at <paramref name="urls"/> (the first creates and
    /// checks; the clients take turns), or against a new local runner with fresh data when none is given.
    /// </summary>
    public static async Task<bool> OnRunnerAsync(IReadOnlyList<string> urls, string? key, Func<Instances, Task<bool>> run)
    {
        LocalRunner? runner = null;
        if (urls.Count == 0)
        {
            var port = LibraryTraining.Local.Storage.Azurite.FreePort();
            var data = Path.Combine(RepoPaths.LocalData, "benchmarks", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
            Console.WriteLine($"Starting the local runner on 127.0.0.1:{port} with fresh data in {data} ...");
            runner = await LocalRunner.StartAsync(new LocalRunnerOptions
            {
                Port = port,
                DataFolder = data,
                Progress = _ => { },
                Settings = new Dictionary<string, string?>
                {
                    [AppSettings.OrganiserKey] = "benchmark-key",
                    [AppSettings.LinkSecret] = LinkSecretBase64 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            });
            (urls, key) = ([runner.Address.AbsoluteUri], runner.OrganiserKey);
        }
        var clients = urls.Select(url =>
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri(url),
                Timeout = TimeSpan.FromSeconds(60),
            };
            http.DefaultRequestHeaders.Add("x-functions-key", key);
            return http;
        }).ToList();
        try
        {
            return await run(new Instances(clients));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            if (runner is not null)
            {
                await runner.DisposeAsync();
            }
        }
    }

    /// <summary>The instances under test: the first for everything but answers, which take turns.</summary>
    public sealed record Instances(IReadOnlyList<HttpClient> All)
    {
        public HttpClient First => this.All[0];
        public HttpClient ForClient(int client) => this.All[client % this.All.Count];
    }

    sealed record Answer(string Participant, long SentTicks, long DoneTicks, int Code, string Status, int? Position)
    {
        public double Ms => (this.DoneTicks - this.SentTicks) * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>
    /// A server that has answered before: the same burst, untimed, on a programme of its own, so the
    /// runner's answer path is compiled and the clients' connections are open before anything is timed.
    /// </summary>
    public static async Task WarmUpAsync(Instances http, int answers, int clients, int places)
    {
        var (_, tokens) = await ProgrammeAsync(http.First, answers, places);
        var (results, elapsed) = await AnswerAllAsync(http, tokens, clients);
        Report($"  warm-up (not counted): {answers} answers, {clients} concurrent clients, on a separate programme", results, elapsed);
        await Task.Delay(TimeSpan.FromSeconds(5)); // the answer mailer settles, then sends the warm-up's mails
    }

    public static async Task<bool> BurstAsync(Instances http, int answers, int clients, int places)
    {
        var (id, tokens) = await ProgrammeAsync(http.First, answers, places);
        if (Environment.GetEnvironmentVariable("BENCH_PAUSE") is { } pause) { Console.WriteLine("PAUSE"); await Task.Delay(int.Parse(pause)); }
        var (results, elapsed) = await AnswerAllAsync(http, tokens, clients);
        Report($"(a) burst: {answers} answers, {clients} concurrent clients", results, elapsed);
        return await VerifyAsync(http.First, id, results, places);
    }

    /// <summary>Each client sends its next answer as soon as its previous one is answered.</summary>
    static async Task<(Answer[] Results, TimeSpan Elapsed)> AnswerAllAsync(Instances http, (string Participant, string Token)[] tokens, int clients)
    {
        var results = new Answer[tokens.Length];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < tokens.Length)
            {
                results[i] = await AnswerAsync(http.ForClient(client), tokens[i]);
            }
        })));
        return (results, watch.Elapsed);
    }

    public static async Task<bool> SteadyAsync(Instances http, int perSecond, int seconds, int places)
    {
        var total = perSecond * seconds;
        var (id, tokens) = await ProgrammeAsync(http.First, total, places);
        var start = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / (double)perSecond;
        var pending = new List<Task<Answer>>(total);
        for (var i = 0; i < total; i++)
        {
            // Open loop: each answer leaves at its own time, however slow the previous ones are.
            var due = start + (long)(i * interval);
            var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }
            var token = tokens[i];
            var instance = http.ForClient(i);
            pending.Add(Task.Run(() => AnswerAsync(instance, token)));
        }
        var results = await Task.WhenAll(pending);
        if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { } dump) { File.WriteAllLines(dump, results.Select(r => FormattableString.Invariant($"{(r.SentTicks - start) * 1000.0 / Stopwatch.Frequency:0.0} {r.Ms:0.0}"))); }
        Report($"(b) steady: {perSecond} answers/s for {seconds} s", results, TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency));
        return await VerifyAsync(http.First, id, results, places);
    }

    static async Task<Answer> AnswerAsync(HttpClient http, (string Participant, string Token) who)
    {
        using var form = new FormUrlEncodedContent([new("decision", "accept")]);
        var sent = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync($"api/rsvp/{who.Token}", form);
        var html = await response.Content.ReadAsStringAsync();
        var done = Stopwatch.GetTimestamp();
        var match = PageState().Match(html);
        return new Answer(who.Participant, sent, done, (int)response.StatusCode, match.Groups[1].Value,
            int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var p) ? p : null);
    }

    static readonly List<(string Title, double P95, string Figures)> Reported = [];

    static void Report(string title, Answer[] results, TimeSpan elapsed)
    {
        var ms = results.Select(r => r.Ms).Order().ToArray();
        double At(double q) => ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(q * ms.Length) - 1)];
        var figures = FormattableString.Invariant(
            $"{results.Length / elapsed.TotalSeconds:0} answers/s over {elapsed.TotalSeconds:0.00} s; latency p50 {At(0.50):0.0} ms, p95 {At(0.95):0.0} ms, p99 {At(0.99):0.0} ms, max {ms[^1]:0.0} ms; non-200: {results.Count(r => r.Code != 200)}");
        Reported.Add((title, At(0.95), figures));
        Console.WriteLine($"{title}: {figures}");
    }

    /// <summary>For each timed run, the repetition with the median p95.</summary>
    public static void ReportMedians(int runs)
    {
        foreach (var group in Reported.Where(r => r.Title.StartsWith('(')).GroupBy(r => r.Title))
        {
            var median = group.OrderBy(r => r.P95).ElementAt((group.Count() - 1) / 2);
            Console.WriteLine($"{group.Key}, median of {runs} runs by p95: {median.Figures}");
        }
    }

    /// <summary>
    /// Counts must match exactly, and first come first served: an answer that finished before another
    /// was sent must stand ahead of it (a seat before a queue number, a lower number before a higher).
    /// </summary>
    static async Task<bool> VerifyAsync(HttpClient http, string id, Answer[] results, int places)
    {
        var roster = await http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants");
        var stored = roster.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("status").GetString()!);
        var ok = true;
        void Check(bool condition, string what)
        {
            if (!condition)
            {
                Console.WriteLine("  MISMATCH: " + what);
                ok = false;
            }
        }
        Check(stored.Values.Count(s => s == "accepted") == places, $"{stored.Values.Count(s => s == "accepted")} accepted in storage, expected {places}");
        Check(stored.Values.Count(s => s == "waitlisted") == results.Length - places, $"{stored.Values.Count(s => s == "waitlisted")} waitlisted in storage, expected {results.Length - places}");
        Check(results.All(r => stored[r.Participant] == r.Status), "a response disagrees with storage");
        var positions = results.Where(r => r.Status == "waitlisted").Select(r => r.Position ?? -1).Order().ToList();
        Check(positions.SequenceEqual(Enumerable.Range(1, results.Length - places)), "waiting-list numbers are not exactly 1..N");
        // Sweep in time order: the highest place handed out among answers already finished when this one was sent.
        var byDone = results.OrderBy(r => r.DoneTicks).ToArray();
        var done = 0;
        var highest = 0;
        var violations = 0;
        foreach (var r in results.OrderBy(r => r.SentTicks))
        {
            while (done < byDone.Length && byDone[done].DoneTicks < r.SentTicks)
            {
                highest = Math.Max(highest, byDone[done].Position ?? 0);
                done++;
            }
            if ((r.Status == "accepted" && highest > 0) || (r.Status == "waitlisted" && r.Position <= highest))
            {
                violations++;
            }
        }
        Check(violations == 0, $"{violations} answers were placed ahead of one that had finished before they were sent");
        Console.WriteLine($"  storage: {stored.Values.Count(s => s == "accepted")} accepted, {stored.Values.Count(s => s == "waitlisted")} waitlisted, first-come violations: {violations}");
        return ok;
    }

    /// <summary>
    /// A programme with <paramref name="participants"/> invitees and the tokens their invitations carried,
    /// once the invitation step has finished (everyone marked invited). The garbage of reading the roster is
    /// collected before anything is timed: it is the benchmark's, not the runner's.
    /// </summary>
    static async Task<(string Id, (string Participant, string Token)[] Tokens)> ProgrammeAsync(HttpClient http, int participants, int places)
    {
        var example = JsonSerializer.Deserialize<ProgrammeRequest>(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "examples", "create-programme.json")), WireNames.Json)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date).AddDays(60);
        var shift = first.DayNumber - DateOnly.Parse(example.Days![0].Date!, CultureInfo.InvariantCulture).DayNumber;
        var request = example with
        {
            Capacity = places,
            Quotas = [],
            ReminderOffsets = [],
            EnrolmentDeadline = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(30), zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Days = example.Days.Select(d => d with { Date = DateOnly.Parse(d.Date!, CultureInfo.InvariantCulture).AddDays(shift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList(),
            Participants = Enumerable.Range(0, participants).Select(i => new ParticipantRequest
            {
                Name = $"ผู้เข้าร่วม {i:D5}",
                Email = $"bench{i:D5}-{Guid.NewGuid():N}"[..20] + "@example.org",
                Role = "assistant-librarian",
                Site = $"ห้องสมุด {i % 40}",
            }).ToList(),
        };
        var created = await http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var watch = Stopwatch.StartNew();
        while ((await http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}")).GetProperty("counts").GetProperty("invited").GetInt32() < participants)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"The invitations of {participants} were not all marked sent in 3 minutes.");
            }
            await Task.Delay(500);
        }
        // The links the invitations carried, derived from the link secret the way the app derives them (a new
        // programme: nobody's link reissued, generation 0). Not read from the dev outbox: a Release build has none.
        var secret = LinkSecret.FromBase64(LinkSecretBase64, AppSettings.LinkSecret);
        var roster = await http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/participants");
        var links = roster.EnumerateArray().Select(p => p.GetProperty("id").GetString()!)
            .Select(participant => (Participant: participant, Token: ParticipantLinks.TokenFor(secret, id, participant, 0)))
            .ToArray();
        if (links.Length != participants)
        {
            throw new InvalidOperationException($"The roster of {id} lists {links.Length} participants, not {participants}.");
        }
        Console.WriteLine($"  programme {id}: {participants} invitations sent after {watch.Elapsed.TotalSeconds:0.0} s");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(1000);
        return (id, links.OrderBy(_ => Random.Shared.Next()).ToArray());
    }

    /// <summary>
    /// The link secret of the app under test: the one given to the runner the benchmark starts, or, against
    /// running instances (--url), the LIBRARYTRAINING_LINK_SECRET they were started with (scripts/bench/realhost.sh exports it).
    /// </summary>
    static string? LinkSecretBase64 { get; set; } = Environment.GetEnvironmentVariable(AppSettings.LinkSecret);

    [GeneratedRegex(@"<main data-status=""([a-z-]+)"" data-position=""(\d*)""")]
    private static partial Regex PageState();
}
