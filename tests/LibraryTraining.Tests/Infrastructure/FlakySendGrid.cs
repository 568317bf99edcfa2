using System.Collections.Concurrent;
using System.Text.Json;
using LibraryTraining.Local.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for SendGrid's v3 mail API that fails on purpose: 429 with Retry-After, 500,
/// slow answers and dropped connections, at random (seeded). A dropped connection is dropped before
/// the message is accepted, which is what a client can safely retry; every accepted recipient is
/// counted by its idempotency key.
/// </summary>
public sealed class FlakySendGrid : IAsyncDisposable
{
    readonly WebApplication app;
    readonly Random random;
    readonly Lock gate = new();
    readonly double faultRate;

    FlakySendGrid(WebApplication app, int seed, double faultRate)
    {
        this.app = app;
        this.random = new Random(seed);
        this.faultRate = faultRate;
    }

    public Uri Address { get; private set; } = null!;
    public ConcurrentDictionary<string, int> Accepted { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, int> Faults { get; } = new(StringComparer.Ordinal);
    /// <summary>The body of every request it accepted: the v3 mail/send JSON.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();
    public int Requests => this.Accepted.Count + this.Faults.Values.Sum();

    public static async Task<FlakySendGrid> StartAsync(int seed, double faultRate = 0.5)
    {
        var port = Azurite.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var stub = new FlakySendGrid(app, seed, faultRate) { Address = new Uri($"http://127.0.0.1:{port}") };
        app.MapPost("/v3/mail/send", stub.HandleAsync);
        await app.StartAsync();
        return stub;
    }

    async Task HandleAsync(HttpContext context)
    {
        string fate;
        lock (this.gate)
        {
            var roll = this.random.NextDouble();
            fate = roll >= this.faultRate ? "accept"
                : roll < this.faultRate * 0.35 ? "429"
                : roll < this.faultRate * 0.65 ? "500"
                : roll < this.faultRate * 0.85 ? "drop"
                : "slow";
        }
        if (fate != "accept")
        {
            this.Faults.AddOrUpdate(fate, 1, (_, n) => n + 1);
        }
        switch (fate)
        {
            case "429":
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("{\"errors\":[{\"message\":\"too many requests\"}]}");
                return;
            case "500":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{\"errors\":[{\"message\":\"internal error\"}]}");
                return;
            case "drop":
                context.Abort();
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                break;
        }
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        this.Bodies.Enqueue(text);
        using var body = JsonDocument.Parse(text);
        foreach (var personalization in body.RootElement.GetProperty("personalizations").EnumerateArray())
        {
            var key = personalization.GetProperty("custom_args").GetProperty("key").GetString()!;
            this.Accepted.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
        context.Response.StatusCode = 202;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
