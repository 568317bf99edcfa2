using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// The suite's one way to wait for something: read until done, bounded, and fail with what was awaited
/// and the last value seen. A wait that returns on timeout lets the assertion after it pass by luck.
/// </summary>
public static class Poll
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Reads until <paramref name="done"/> holds and returns that value; fails the test on timeout,
    /// naming <paramref name="what"/> (by default, the condition's source text) and the last value read.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string? what = null, int seconds = 60,
        Func<T, string>? describe = null, [CallerArgumentExpression(nameof(done))] string condition = "")
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what ?? condition}; last read: {(describe ?? Describe)(value)}");
            }
            await Task.Delay(Interval);
        }
    }

    /// <summary>Waits for a condition; fails the test on timeout, after <paramref name="onTimeout"/> (say, to print a log).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string? what = null, int seconds = 60, Action? onTimeout = null,
        [CallerArgumentExpression(nameof(condition))] string conditionText = "")
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                onTimeout?.Invoke();
                Assert.Fail($"Timed out after {seconds} s waiting for {what ?? conditionText}");
            }
            await Task.Delay(Interval);
        }
    }

    /// <summary>
    /// For something that must not happen: reads for <paramref name="seconds"/> and fails the moment
    /// <paramref name="holds"/> does not, so a late write (a mail sent after the response) is seen.
    /// </summary>
    public static async Task<T> StaysAsync<T>(Func<Task<T>> read, Func<T, bool> holds, int seconds, Func<T, string>? describe = null,
        [CallerArgumentExpression(nameof(holds))] string condition = "")
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            Assert.True(holds(value), $"After {clock.Elapsed.TotalSeconds:F1} s this no longer held: {condition}; read: {(describe ?? Describe)(value)}");
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                return value;
            }
            await Task.Delay(Interval);
        }
    }

    static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.ICollection list => $"{list.Count} items",
        _ => Shorten(value.ToString() ?? ""),
    };

    static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
