using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>
/// A crash between a send and its ledger row is the one moment the ledger cannot see. The dispatcher
/// records the attempt before the send, so the retry asks the sender whether that attempt went out.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class MailLedgerCrashTests(RunnerFixture runner)
{
    /// <summary>Stores the mails (or not), then fails as a process dying or storage going away would.</summary>
    sealed class CrashingSender(IMailSender inner, bool storeFirst) : IMailSender
    {
        public async Task SendAsync(IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
        {
            if (storeFirst)
            {
                await inner.SendAsync(batch, cancellationToken);
            }
            throw new IOException("the process died before the ledger row was written");
        }
    }

    static List<OutgoingMail> Mails(string programmeId, int count) => Enumerable.Range(0, count).Select(i => new OutgoingMail
    {
        Kind = MailKind.Invitation,
        ProgrammeId = programmeId,
        ParticipantId = $"p{i}",
        To = $"p{i}@example.go.th",
        Subject = "เชิญเข้าร่วมโครงการ",
        Html = "<p>เชิญ</p>",
        Text = "เชิญ",
        IdempotencyKey = $"invitation|invite|p{i}",
    }).ToList();

    [Fact]
    public async Task ASendStoredJustBeforeACrash_IsNotSentAgainByTheRetry()
    {
        var programme = $"crash{Guid.NewGuid():N}"[..16];
        var outbox = runner.Get<OutboxMailSender>();
        var storage = runner.Get<StorageTables>();
        var crashing = new MailDispatcher(storage, new CrashingSender(outbox, storeFirst: true), TimeProvider.System);
        await Assert.ThrowsAsync<IOException>(() => crashing.SendAsync(Mails(programme, 20), default));

        var resent = await new MailDispatcher(storage, outbox, TimeProvider.System).SendAsync(Mails(programme, 20), default);

        Assert.Equal(0, resent);
        var stored = await outbox.ReadAsync(programme, default);
        Assert.Equal(20, stored.Count);
        OutboxChecks.EachKeyOnce(stored);
    }

    [Fact]
    public async Task ASendThatNeverLeftBeforeACrash_IsSentByTheRetry_Once()
    {
        var programme = $"crash{Guid.NewGuid():N}"[..16];
        var outbox = runner.Get<OutboxMailSender>();
        var storage = runner.Get<StorageTables>();
        var crashing = new MailDispatcher(storage, new CrashingSender(outbox, storeFirst: false), TimeProvider.System);
        await Assert.ThrowsAsync<IOException>(() => crashing.SendAsync(Mails(programme, 20), default));

        var resent = await new MailDispatcher(storage, outbox, TimeProvider.System).SendAsync(Mails(programme, 20), default);
        var again = await new MailDispatcher(storage, outbox, TimeProvider.System).SendAsync(Mails(programme, 20), default);

        Assert.Equal(20, resent);
        Assert.Equal(0, again);
        OutboxChecks.EachKeyOnce(await outbox.ReadAsync(programme, default));
    }
}
