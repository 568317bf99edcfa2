using System.Collections.Concurrent;
using System.Net;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// Participants answering at once, spread round-robin over the instances a load balancer would still
/// route to. A request that fails because its instance went away is sent again to another one, as a
/// participant pressing the button again would; an instance is taken out of the rotation before it is
/// stopped, as scale-in drains it.
/// </summary>
public sealed class AnswerBurst(IEnumerable<RealHostInstance> instances)
{
    const int MaxAttempts = 8;
    readonly List<RealHostInstance> live = [.. instances];
    long next;

    /// <summary>Requests sent again after a connection failure or a 5xx.</summary>
    public int Retries => this.retries;
    int retries;

    /// <summary>Answers that ended with something other than 200, with why.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>Which instance answered each participant's request (by token), the last one if it was sent again.</summary>
    public ConcurrentDictionary<string, string> AnsweredBy { get; } = new(StringComparer.Ordinal);

    public void Remove(RealHostInstance instance)
    {
        lock (this.live)
        {
            this.live.Remove(instance);
        }
    }

    public void Add(RealHostInstance instance)
    {
        lock (this.live)
        {
            this.live.Add(instance);
        }
    }

    /// <summary>
    /// Sends every answer, <paramref name="concurrency"/> at a time; once <paramref name="triggerAfter"/> have
    /// completed, runs <paramref name="trigger"/> alongside the rest (a stop or a kill mid-burst).
    /// </summary>
    public async Task RunAsync(IReadOnlyList<(string Token, string Decision)> answers, int concurrency, int triggerAfter = -1, Func<Task>? trigger = null)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var done = 0;
        Task triggered = Task.CompletedTask;
        var sends = new List<Task>(answers.Count);
        foreach (var answer in answers)
        {
            await slots.WaitAsync();
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    await this.SendAsync(answer.Token, answer.Decision);
                }
                finally
                {
                    slots.Release();
                    if (Interlocked.Increment(ref done) == triggerAfter && trigger is not null)
                    {
                        triggered = Task.Run(trigger);
                    }
                }
            }));
        }
        await Task.WhenAll(sends);
        await triggered;
    }

    async Task SendAsync(string token, string decision)
    {
        var last = "";
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            RealHostInstance via;
            lock (this.live)
            {
                if (this.live.Count == 0)
                {
                    break;
                }
                via = this.live[(int)(Interlocked.Increment(ref this.next) % this.live.Count)];
            }
            try
            {
                using var response = await HostedProgramme.AnswerAsync(via, token, decision);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    this.AnsweredBy[token] = via.Name;
                    return;
                }
                last = $"{(int)response.StatusCode} from {via.Name}";
                if ((int)response.StatusCode < 500)
                {
                    break;
                }
            }
            catch (HttpRequestException e)
            {
                last = $"{e.Message} ({via.Name})";
            }
            catch (TaskCanceledException)
            {
                last = $"timed out ({via.Name})";
            }
            Interlocked.Increment(ref this.retries);
            await Task.Delay(300);
        }
        this.Failures.Enqueue($"{decision} with token …{token[^6..]}: {last}");
    }
}
