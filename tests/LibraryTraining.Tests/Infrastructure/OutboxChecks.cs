using LibraryTraining.Messaging;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>"Once" in a test: each idempotency key appears once among ALL stored sends, repeats included.</summary>
public static class OutboxChecks
{
    public static void EachKeyOnce(IEnumerable<OutboxEntry> mails)
    {
        var repeated = mails.GroupBy(m => (m.ProgrammeId, m.Key)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Key} ×{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, $"{repeated.Count} keys were sent more than once: {string.Join(", ", repeated.Take(10))}");
    }
}
