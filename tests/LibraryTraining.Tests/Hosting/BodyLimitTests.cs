using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LibraryTraining.Programmes;
using LibraryTraining.Tests.Infrastructure;
using LibraryTraining.Tests.Media;
using Xunit.Abstractions;

namespace LibraryTraining.Tests.Hosting;

/// <summary>
/// Request bodies under the real Functions host: the app promises 50 MB handouts, and in a deployed app
/// it is the worker's Kestrel that reads the body, so its limit is the one that counts.
/// </summary>
public sealed class BodyLimitTests(ITestOutputHelper output)
{
    [RealHostFact]
    public async Task HandoutUploads_UnderTheRealHost_45MbIsStoredAndOverTheLimitIsA413WithJson()
    {
        await using var hosts = await RealHostInstances.StartAsync(1, "bodylimit", output);
        var host = hosts[0];
        var request = SeedProgramme.StartingSoon(DateTimeOffset.UtcNow, TimeSpan.FromDays(40), TimeSpan.FromDays(30), clockSpeed: 1, participants: 1);
        using var created = await host.Http.PostAsJsonAsync(new Uri("api/programmes", UriKind.Relative), request, WireNames.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("x-functions-key", RealHostInstances.OrganiserKey);

        // 45 MB: over Kestrel's 30,000,000-byte default, under the app's 50 MB.
        using (var form = MediaRunner.File("slides.pdf", Pdf(45 * 1024 * 1024), "file", ("title", "45 MB")))
        {
            using var stored = await http.PostAsync(new Uri($"api/programmes/{id}/handouts", UriKind.Relative), form);
            var body = await stored.Content.ReadAsStringAsync();
            Assert.True(stored.StatusCode == HttpStatusCode.Created, $"45 MB handout: {(int)stored.StatusCode} '{body}'\n{hosts.Tails()}");
            Assert.Equal(45 * 1024 * 1024, JsonDocument.Parse(body).RootElement.GetProperty("bytes").GetInt64());
        }

        // 60 MB: past the handout limit, within what the host forwards. The refusal must reach the caller
        // whole, so the worker has to take the body in rather than cut the host's proxy off.
        using (var form = MediaRunner.File("huge.pdf", Pdf(60 * 1024 * 1024), "file"))
        {
            using var refused = await http.PostAsync(new Uri($"api/programmes/{id}/handouts", UriKind.Relative), form);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"60 MB handout: {(int)refused.StatusCode} '{body}'\n{hosts.Tails()}");
            Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("too-large", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        }
    }

    /// <summary>A PDF of exactly <paramref name="bytes"/> bytes: the header, a comment of padding, the end marker.</summary>
    static byte[] Pdf(int bytes)
    {
        var head = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%"u8.ToArray();
        var tail = "\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        var pdf = new byte[bytes];
        head.CopyTo(pdf, 0);
        pdf.AsSpan(head.Length, bytes - head.Length - tail.Length).Fill((byte)'x');
        tail.CopyTo(pdf, bytes - tail.Length);
        return pdf;
    }
}
