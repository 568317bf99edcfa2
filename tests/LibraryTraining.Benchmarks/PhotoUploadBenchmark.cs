using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using LibraryTraining.Configuration;
using LibraryTraining.Local;
using LibraryTraining.Local.Storage;
using LibraryTraining.Programmes;
using SkiaSharp;

namespace LibraryTraining.Benchmarks;

/// <summary>
/// Photo uploads against the local runner on loopback: N distinct photos of about 5 MB (a real
/// 12-megapixel JPEG, made unique by a random comment segment) posted by C concurrent clients to the
/// organiser endpoint, each through the full path: multipart, format reader, staged blocks on Azurite,
/// commit, thumbnail decode, table rows. The runner runs as its own process, so its memory is its own:
/// VmRSS is sampled from /proc every 100 ms, VmHWM (its peak) read at the end. Bounded in count and time.
/// </summary>
public static class PhotoUploadBenchmark
{
    public sealed record Result(int Photos, int Clients, double MegabytesEach, double Seconds, double MegabytesPerSecond,
        double P50Ms, double P95Ms, int Failures, double RssBeforeMb, double RssAt25Mb, double RssAt50Mb, double RssAt75Mb, double RssAfterMb,
        double RssMaxDuringMb, double VmHwmMb, int ThumbnailsMade);

    public static async Task<Result> RunAsync(int photos, int clients, int bytesEach, Action<string> log)
    {
        var port = Azurite.FreePort();
        var data = Path.Combine(RepoPaths.LocalData, "benchmarks", $"photos-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        const string key = "photo-benchmark-key";
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LibraryTraining.Local.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--data", data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        info.Environment[AppSettings.OrganiserKey] = key;
        info.Environment[AppSettings.LinkSecret] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var runner = Process.Start(info)!;
        runner.OutputDataReceived += (_, _) => { };
        runner.ErrorDataReceived += (_, _) => { };
        runner.BeginOutputReadLine();
        runner.BeginErrorReadLine();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("x-functions-key", key);
        try
        {
            await WaitUntilUpAsync(http, runner);
            log($"runner pid {runner.Id} on 127.0.0.1:{port}; making {photos} photos of {bytesEach / 1e6:0.0} MB ...");
            var id = await ProgrammeAsync(http);
            var basePicture = Picture(bytesEach);
            var bodies = Enumerable.Range(0, photos).Select(i => Unique(basePicture, bytesEach, i)).ToArray();

            // Warm up (JIT, connections, the first table and container), then take the baseline.
            for (var i = 0; i < 3; i++)
            {
                await UploadAsync(http, id, Unique(basePicture, bytesEach, 1_000_000 + i), $"warm{i}.jpg");
            }
            await Task.Delay(1000);
            var before = Rss(runner.Id);
            var samples = new ConcurrentQueue<(long Done, double Rss)>();
            long done = 0;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    samples.Enqueue((Interlocked.Read(ref done), Rss(runner.Id)));
                    await Task.Delay(100);
                }
            });

            var latencies = new ConcurrentBag<double>();
            var failures = 0;
            var next = -1;
            var watch = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < photos && !deadline.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    var status = await UploadAsync(http, id, bodies[i], $"photo-{i:D3}.jpg");
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (status != 201)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    Interlocked.Increment(ref done);
                }
            })));
            watch.Stop();
            await Task.Delay(500);
            stop.Cancel();
            await sampler;
            var after = Rss(runner.Id);
            var hwm = Status(runner.Id, "VmHWM");
            var listed = await http.GetFromJsonAsync<JsonElement>($"api/programmes/{id}/photos");
            var thumbnails = listed.EnumerateArray().Count(p => p.GetProperty("thumbnail").GetBoolean());

            double At(double fraction) => samples.Where(s => s.Done >= fraction * photos).Select(s => s.Rss).DefaultIfEmpty(after).First();
            var ordered = latencies.Order().ToArray();
            var megabytes = (double)photos * bytesEach / 1e6;
            var result = new Result(photos, clients, bytesEach / 1e6, Math.Round(watch.Elapsed.TotalSeconds, 2), Math.Round(megabytes / watch.Elapsed.TotalSeconds, 1),
                Math.Round(ordered[ordered.Length / 2]), Math.Round(ordered[(int)Math.Ceiling(ordered.Length * 0.95) - 1]), failures,
                before, At(0.25), At(0.5), At(0.75), after, samples.Max(s => s.Rss), hwm, thumbnails);
            log(FormattableString.Invariant($"{photos} photos × {bytesEach / 1e6:0.0} MB from {clients} clients: {result.MegabytesPerSecond} MB/s over {result.Seconds} s; p50 {result.P50Ms} ms, p95 {result.P95Ms} ms; failures {failures}; thumbnails {thumbnails - 3}/{photos} (+3 warm-up)"));
            log(FormattableString.Invariant($"runner RSS (MB): before {before:0} | at 25% {result.RssAt25Mb:0} | 50% {result.RssAt50Mb:0} | 75% {result.RssAt75Mb:0} | after {after:0} | max sampled {result.RssMaxDuringMb:0} | VmHWM {hwm:0}; bytes uploaded {megabytes:0} MB"));
            return result;
        }
        finally
        {
            if (!runner.HasExited)
            {
                runner.Kill(entireProcessTree: true);
                await runner.WaitForExitAsync();
            }
        }
    }

    static async Task<int> UploadAsync(HttpClient http, string id, byte[] body, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(body);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "photo", name);
        using var response = await http.PostAsync($"api/programmes/{id}/photos", form);
        return (int)response.StatusCode;
    }

    /// <summary>A 4000 × 3000 JPEG of smooth gradients and grain, as heavy as a phone camera's: 12 megapixels, a few MB.</summary>
    static byte[] Picture(int bytesEach)
    {
        const int width = 4000, height = 3000;
        var pixels = new byte[width * height * 4];
        var noise = new Random(8);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                var grain = noise.Next(28);
                pixels[i] = (byte)Math.Min(255, (x * 255 / width) + grain);
                pixels[i + 1] = (byte)Math.Min(255, (y * 255 / height) + grain);
                pixels[i + 2] = (byte)Math.Min(255, 128 + (int)(60 * Math.Sin(x / 90.0) * Math.Cos(y / 70.0)) + grain);
                pixels[i + 3] = 255;
            }
        }
        using var image = SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), pixels);
        for (var quality = 95; quality >= 30; quality -= 5)
        {
            using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
            if (data.Size <= bytesEach - 70_000)
            {
                return data.ToArray();
            }
        }
        throw new InvalidOperationException("Could not make a picture small enough.");
    }

    /// <summary>The picture with random comment segments after SOI, to exactly <paramref name="bytes"/> bytes: each photo unique.</summary>
    static byte[] Unique(byte[] picture, int bytes, int seed)
    {
        var result = new byte[bytes];
        result[0] = 0xFF;
        result[1] = 0xD8;
        var at = 2;
        var random = new Random(seed);
        var room = bytes - picture.Length;
        while (room > 0)
        {
            var length = Math.Min(65_533, room - 4);
            if (length < 1)
            {
                throw new InvalidOperationException("Padding does not fit; pick another size.");
            }
            result[at] = 0xFF;
            result[at + 1] = 0xFE;
            result[at + 2] = (byte)((length + 2) >> 8);
            result[at + 3] = (byte)(length + 2);
            random.NextBytes(result.AsSpan(at + 4, length));
            at += 4 + length;
            room -= 4 + length;
        }
        picture.AsSpan(2).CopyTo(result.AsSpan(at));
        return result;
    }

    static async Task<string> ProgrammeAsync(HttpClient http)
    {
        var example = JsonSerializer.Deserialize<ProgrammeRequest>(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "examples", "create-programme.json")), WireNames.Json)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date).AddDays(60);
        var shift = first.DayNumber - DateOnly.Parse(example.Days![0].Date!, CultureInfo.InvariantCulture).DayNumber;
        var request = example with
        {
            EnrolmentDeadline = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(30), zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            Days = example.Days.Select(d => d with { Date = DateOnly.Parse(d.Date!, CultureInfo.InvariantCulture).AddDays(shift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }).ToList(),
        };
        var created = await http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static async Task WaitUntilUpAsync(HttpClient http, Process runner)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("api/programmes")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until && !runner.HasExited)
            {
            }
            if (runner.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"The runner did not start (exited: {runner.HasExited}).");
            }
            await Task.Delay(200);
        }
    }

    static double Rss(int pid) => Status(pid, "VmRSS");

    /// <summary>A memory line of /proc/{pid}/status, in MB.</summary>
    static double Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return Math.Round(kb / 1024.0, 1);
            }
        }
        return double.NaN;
    }
}
