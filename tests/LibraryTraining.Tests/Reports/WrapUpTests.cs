using LibraryTraining.Certificates;
using LibraryTraining.Feedback;
using LibraryTraining.Messaging;
using LibraryTraining.Reports;
using LibraryTraining.Tests.Attendance;

namespace LibraryTraining.Tests.Reports;

/// <summary>After the programme: thanks with the survey and certificate links, survey reminders until answered or closed.</summary>
public sealed class WrapUpTests
{
    static readonly string[] All = ["d1s1", "d1s2", "d1s4", "d2s1", "d3s1"];

    [Fact]
    public async Task WrapUp_ThanksEveryone_SurveyToThoseWhoCame_CertificateToThoseWhoQualified_ReportToOrganisers_Once()
    {
        var world = await AttendanceWorld.CreateAsync();
        var (full, partial, noShow) = (world.Participants[0], world.Participants[1], world.Participants[2]);
        await world.AttendAsync(full, All);
        await world.AttendAsync(partial, "d1s1", "d1s2");
        var wrapUp = world.Get<ProgrammeWrapUp>();

        await wrapUp.RunAsync(world.Programme, "wrap-up", default);
        var first = await world.Get<OutboxMailSender>().ReadAsync(world.Programme.Id, default);
        await wrapUp.RunAsync(world.Programme, "wrap-up", default);
        var second = await world.Get<OutboxMailSender>().ReadAsync(world.Programme.Id, default);

        Assert.Equal(first.Count, second.Count);
        Assert.Equal(22, first.Count(m => m.Kind == "thanks"));
        Assert.Single(first, m => m.Kind == "report");
        string Text(Participant p) => first.Single(m => m.Kind == "thanks" && m.ParticipantId == p.Id).Text;
        var certificate = Assert.Single(await world.Get<CertificateService>().ListAsync(world.Programme.Id, default));
        Assert.Equal(full.Id, certificate.ParticipantId);
        Assert.Contains($"/api/certificates/{certificate.Id}/pdf", Text(full), StringComparison.Ordinal);
        Assert.Contains("/survey", Text(full), StringComparison.Ordinal);
        Assert.Contains("/survey", Text(partial), StringComparison.Ordinal);
        Assert.DoesNotContain("/api/certificates/", Text(partial), StringComparison.Ordinal);
        Assert.DoesNotContain("/survey", Text(noShow), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SurveyReminders_GoToAttendeesWhoHaveNotAnswered_OncePerRound_UntilTheSurveyCloses()
    {
        var world = await AttendanceWorld.CreateAsync();
        var (answered, silent, noShow) = (world.Participants[0], world.Participants[1], world.Participants[2]);
        await Task.WhenAll(world.Participants.Where(p => p != noShow).Select(p => world.AttendAsync(p, All)));
        var feedback = world.Get<FeedbackService>();
        Assert.True((await feedback.SubmitAsync(await world.TokenAsync(answered), new Dictionary<string, string> { ["content"] = "5" }, default)).Saved);
        var refused = await feedback.SubmitAsync(await world.TokenAsync(noShow), new Dictionary<string, string> { ["content"] = "1" }, default);
        Assert.False(refused.Saved);
        Assert.Equal(403, SurveyPage.Render(refused, "t").Status);

        var ended = ProgrammeTime.LastMomentOf(world.Programme);
        world.Clock.Now = ended + TimeSpan.FromDays(1);
        var tooSoon = await feedback.RemindAsync(world.Programme, default);
        world.Clock.Now = ended + TimeSpan.FromDays(3) + TimeSpan.FromHours(1);
        var round1 = await feedback.RemindAsync(world.Programme, default);
        var round1Again = await feedback.RemindAsync(world.Programme, default);
        world.Clock.Now = ended + TimeSpan.FromDays(15);
        var closed = await feedback.RemindAsync(world.Programme, default);

        Assert.Equal((0, 20, 0, 0), (tooSoon, round1, round1Again, closed));
        var reminded = (await world.Get<OutboxMailSender>().ReadAsync(world.Programme.Id, default)).Where(m => m.Kind == "reminder").Select(m => m.ParticipantId).ToHashSet();
        Assert.Contains(silent.Id, reminded);
        Assert.DoesNotContain(answered.Id, reminded);
        Assert.DoesNotContain(noShow.Id, reminded);
        Assert.True(feedback.IsClosed(world.Programme));
    }
}
