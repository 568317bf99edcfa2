using Xunit.Sdk;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>The suite's waits fail loudly: a timeout is a failure that says what it waited for.</summary>
public sealed class PollTests
{
    [Fact]
    public async Task UntilAsync_OnTimeout_FailsNamingTheConditionAndTheLastValueRead()
    {
        var reads = 0;
        var failure = await Assert.ThrowsAsync<FailException>(() =>
            Poll.UntilAsync(() => Task.FromResult(++reads), n => n > 1_000_000, seconds: 1));

        Assert.Contains("n => n > 1_000_000", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"last read: {reads}", failure.Message, StringComparison.Ordinal);
        Assert.InRange(reads, 2, 20);
    }

    [Fact]
    public async Task UntilAsync_ForACondition_OnTimeout_RunsOnTimeoutThenFailsWithWhatItWaitedFor()
    {
        var told = false;
        var failure = await Assert.ThrowsAsync<FailException>(() =>
            Poll.UntilAsync(() => Task.FromResult(false), "the sky to fall", seconds: 1, onTimeout: () => told = true));

        Assert.True(told);
        Assert.Contains("the sky to fall", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntilAsync_ReturnsTheFirstValueThatIsDone()
    {
        var reads = 0;
        Assert.Equal(3, await Poll.UntilAsync(() => Task.FromResult(++reads), n => n == 3, seconds: 10));
    }

    [Fact]
    public async Task StaysAsync_FailsTheMomentTheConditionStopsHolding()
    {
        var reads = 0;
        var failure = await Assert.ThrowsAsync<TrueException>(() =>
            Poll.StaysAsync(() => Task.FromResult(++reads), n => n < 3, seconds: 10));

        Assert.Equal(3, reads);
        Assert.Contains("n => n < 3", failure.Message, StringComparison.Ordinal);
    }
}
