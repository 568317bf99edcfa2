using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>
/// What an answer owes (its mails, the expiry of a place it offered) is stored with the decision, so
/// it is done even when the instance that took the answer stops right after answering. A second
/// "instance" here is a seat book and mailer of its own on the same storage, as another worker would
/// have; the runner's own timer sweep plays the instance that is left.
/// </summary>
[Collection(EnrolmentCollection.Name)]
public sealed class OwedWorkTests(RunnerFixture runner)
{
    ProgrammeStore Store => runner.Get<ProgrammeStore>();

    /// <summary>An instance of its own: with <paramref name="mailsItself"/> false it is stopped the moment it has answered.</summary>
    (SeatBook Seats, AnswerMailer Mailer) Instance(bool mailsItself)
    {
        var mailer = new AnswerMailer(runner.Get<ParticipantLinks>(), runner.Get<MailDispatcher>(), runner.Get<PublicLinks>(),
            runner.Get<LibraryTraining.Media.ParticipantMedia>(), runner.Get<OwedWork>(), TimeProvider.System, NullLogger<AnswerMailer>.Instance)
        { FastPath = mailsItself };
        return (new SeatBook(runner.Get<StorageTables>(), this.Store, mailer, TimeProvider.System, NullLogger<SeatBook>.Instance), mailer);
    }

    static readonly string[] AnswerKinds = ["confirmation", "waitlisted", "offer"];

    [Fact]
    public async Task AnswersTakenByAnInstanceStoppedBeforeItMailed_AreMailedByTheSweep_EachKeyOnce()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 30, capacity: 10, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        var (stopped, mailer) = this.Instance(mailsItself: false);
        await using var _ = stopped;
        await using var __ = mailer;

        var outcomes = await Task.WhenAll(people.Select(p => stopped.AnswerAsync(id, p, Decision.Accept, null)));

        Assert.Equal(10, outcomes.Count(o => o.Participant!.Status == AnswerStatus.Accepted));
        // Owed, in storage, before anyone has sent a thing.
        var owed = await runner.Get<OwedWork>().AllAsync(id, default);
        Assert.Equal(30, owed.Where(r => r.Kind == OwedKind.AnswerMails).Sum(r => r.Mails.Count));
        Assert.DoesNotContain(await runner.Get<OutboxMailSender>().ReadAsync(id, default), m => AnswerKinds.Contains(m.Kind));

        var mails = await runner.MailsAsync(id, m => m.Count(x => AnswerKinds.Contains(x.Kind)) >= 30, seconds: 90);
        var answerMails = mails.Where(m => AnswerKinds.Contains(m.Kind)).ToList();
        Assert.Equal(10, answerMails.Count(m => m.Kind == "confirmation"));
        Assert.Equal(20, answerMails.Count(m => m.Kind == "waitlisted"));
        Assert.Equal(people.Order(StringComparer.Ordinal), answerMails.Select(m => m.ParticipantId!).Order(StringComparer.Ordinal));
        OutboxChecks.EachKeyOnce(mails);
        await Poll.UntilAsync(async () => (await runner.Get<OwedWork>().AllAsync(id, default)).Count == 0, "the owed rows to be deleted after sending");
    }

    [Fact]
    public async Task AnswersTakenByALiveInstance_AreMailedAtOnceByIt_AndNothingStaysOwed()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 12, capacity: 4, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        var started = DateTime.UtcNow;

        await Task.WhenAll(people.Select(p => runner.Get<SeatBook>().AnswerAsync(id, p, Decision.Accept, null)));

        var mails = await runner.MailsAsync(id, m => m.Count(x => AnswerKinds.Contains(x.Kind)) >= 12, seconds: 60);
        Assert.Equal(12, mails.Count(m => AnswerKinds.Contains(m.Kind)));
        OutboxChecks.EachKeyOnce(mails);
        // Sent and deleted by the deciding instance itself, well inside the grace before the sweep may take them.
        await Poll.UntilAsync(async () => (await runner.Get<OwedWork>().AllAsync(id, default)).Count == 0, "the fast path to delete its owed rows");
        Assert.True(DateTime.UtcNow - started < OwedWork.FastPathGrace, $"the fast path took {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task AnOfferMadeByAnInstanceThatIsGone_ExpiresAndMovesOn_WithOneOfferMailEach()
    {
        // 48 hours of programme time pass in about 17 s.
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 4, capacity: 2, quotas: false, clockSpeed: 10_000));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        var (gone, mailer) = this.Instance(mailsItself: false);
        await using var _ = gone;
        await using var __ = mailer;
        foreach (var p in people)
        {
            await gone.AnswerAsync(id, p, Decision.Accept, null);
        }

        var declined = await gone.AnswerAsync(id, people[0], Decision.Decline, "ติดราชการ");

        var offer = Assert.Single(declined.NewOffers);
        Assert.Equal(people[2], offer.ParticipantId);
        Assert.Contains(await runner.Get<OwedWork>().AllAsync(id, default), r => r.Kind == OwedKind.OfferExpiry && r.Offers.Any(o => o.ParticipantId == people[2]));
        // Nobody on the deciding instance watches the offer: the runner's sweep ends it and offers the place on.
        await Poll.UntilAsync(async () => (await this.Store.FindParticipantAsync(id, people[3], default))!.Status == AnswerStatus.Offered, "the expired offer to move on to the next person", seconds: 120);
        var first = (await this.Store.FindParticipantAsync(id, people[2], default))!;
        Assert.Equal(AnswerStatus.Declined, first.Status);
        Assert.Equal(SeatBook.OfferExpiredReason, first.DeclineReason);
        var mails = await runner.MailsAsync(id, m => m.Count(x => x.Kind == "offer") >= 2, seconds: 60);
        Assert.Equal([people[2], people[3]], mails.Where(m => m.Kind == "offer").Select(m => m.ParticipantId!).Order(StringComparer.Ordinal));
        OutboxChecks.EachKeyOnce(mails);
    }

    [Fact]
    public async Task ALinkReissuedOnOneInstance_IsRefusedOnAnotherAtOnce()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 3, capacity: 3, quotas: false));
        var tokens = await runner.TokensAsync(id);
        var (participant, old) = tokens.First();
        var other = new ParticipantLinks(runner.Get<StorageTables>(), runner.Get<LinkSecret>(), TimeProvider.System);
        Assert.Equal(LinkState.Valid, (await other.ResolveAsync(old, default)).State); // seen there once already

        Assert.NotNull(await runner.Get<RosterService>().ReissueLinkAsync(id, participant, default));

        Assert.Equal(LinkState.Revoked, (await other.ResolveAsync(old, default)).State);
    }

    [Fact]
    public async Task AParticipantAddedAgainOnOneInstance_CanAnswerThroughAnotherThatSawThemRemoved()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 3, capacity: 3, quotas: false));
        var people = (await this.Store.ParticipantsAsync(id, default)).Select(p => p.Id).ToList();
        var (other, mailer) = this.Instance(mailsItself: true);
        await using var _ = other;
        await using var __ = mailer;
        await runner.Get<SeatBook>().RemoveAsync(id, people[0]);
        Assert.Equal(AnswerRefusal.Removed, (await other.AnswerAsync(id, people[0], Decision.Accept, null)).Refusal); // it holds "removed" now

        // Added again elsewhere, as RosterService does: a fresh link generation, the answer version rising.
        var removed = (await this.Store.FindParticipantAsync(id, people[0], default))!;
        await this.Store.SaveParticipantsAsync(id, [removed with { Removed = false, Status = AnswerStatus.Invited, LinkGeneration = removed.LinkGeneration + 1, AnswerVersion = removed.AnswerVersion + 1 }], default);

        var answered = await other.AnswerAsync(id, people[0], Decision.Accept, null, linkGeneration: removed.LinkGeneration + 1);
        Assert.Equal(AnswerRefusal.None, answered.Refusal);
        Assert.Equal(AnswerStatus.Accepted, answered.Participant!.Status);
    }
}
