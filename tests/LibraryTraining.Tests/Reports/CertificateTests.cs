using LibraryTraining.Certificates;
using LibraryTraining.Tests.Attendance;

namespace LibraryTraining.Tests.Reports;

/// <summary>Certificates of attendance: who gets one, and that a forged one is caught.</summary>
public sealed class CertificateTests
{
    // The seed counts five sessions: opening, lecture, workshop, two study visits (lunch and the trip home do not count).
    static readonly string[] All = ["d1s1", "d1s2", "d1s4", "d2s1", "d3s1"];

    [Fact]
    public async Task Certificates_GoExactlyToThoseAtOrOverTheThreshold_AndIssuingAgainChangesNothing()
    {
        var world = await AttendanceWorld.CreateAsync(threshold: 0.8);
        var p = world.Participants;
        await world.AttendAsync(p[0], All);            // 5 of 5
        await world.AttendAsync(p[1], All[1..]);       // 4 of 5: exactly 80%
        await world.AttendAsync(p[2], All[2..]);       // 3 of 5
        await world.AttendAsync(p[3], "d1s3", "d3s2", "d1s1", "d1s2", "d1s4"); // lunch and travel do not count: 3 of 5
        var service = world.Get<CertificateService>();

        var issued = await service.IssueAsync(world.Programme, default);
        var again = await service.IssueAsync(world.Programme, default);

        Assert.Equal(new[] { p[0].Id, p[1].Id }.Order(), issued.Select(c => c.ParticipantId).Order());
        Assert.Equal(issued.Select(c => c.Id).Order(), again.Select(c => c.Id).Order());
        Assert.Equal((4, 5), issued.Where(c => c.ParticipantId == p[1].Id).Select(c => (c.Attended, c.Counted)).Single());
    }

    [Fact]
    public async Task VerificationUrl_RejectsAForgedId_AndConfirmsAGenuineOne()
    {
        var world = await AttendanceWorld.CreateAsync();
        await world.AttendAsync(world.Participants[0], All);
        var service = world.Get<CertificateService>();
        var genuine = Assert.Single(await service.IssueAsync(world.Programme, default));
        var forged = genuine.Id[..^1] + (genuine.Id[^1] == '0' ? '1' : '0');

        Assert.Equal(genuine.Name, (await service.VerifyAsync(genuine.Id, default))!.Name);
        Assert.Null(await service.VerifyAsync(forged, default));
        Assert.Null(await service.VerifyAsync(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), default));
        Assert.Null(await service.VerifyAsync("../" + genuine.Id, default));
        var (status, html) = VerificationPage.Render(await service.VerifyAsync(forged, default));
        Assert.Equal(404, status);
        Assert.Contains("data-genuine=\"false\"", html, StringComparison.Ordinal);
        Assert.EndsWith($"/api/certificates/{genuine.Id}", service.VerifyLink(genuine.Id).AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificatePdf_EmbedsTheThaiFont_AndRendersToPng()
    {
        var world = await AttendanceWorld.CreateAsync();
        await world.AttendAsync(world.Participants[7], All);
        var service = world.Get<CertificateService>();
        var certificate = Assert.Single(await service.IssueAsync(world.Programme, default));

        var pdf = service.Pdf(certificate);
        var png = PdfImages.Render(pdf, "certificate", resolution: 60);
        PdfImages.RenderCloseUp(pdf, "certificate-closeup", 300, 1760, 800, 560, 130);

        Assert.Contains(world.Participants[7].Name, PdfImages.Text(pdf), StringComparison.Ordinal);
        Assert.Contains("Sarabun", PdfImages.Fonts(pdf), StringComparison.Ordinal);
        Assert.Contains("emb", PdfImages.Fonts(pdf), StringComparison.Ordinal);
        Assert.True(new FileInfo(png[0]).Length > 10_000);
    }
}
