using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LibraryTraining.Configuration;
using LibraryTraining.Enrolment;
using LibraryTraining.Functions.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace LibraryTraining.Tests.Enrolment;

/// <summary>The real SendGrid client against a loopback stub of POST /v3/mail/send, and the signed Event Webhook.</summary>
[Collection(EnrolmentCollection.Name)]
public sealed class SendGridTests(RunnerFixture runner)
{
    const string TokenA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const string TokenB = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    static OutgoingMail Invitation(string participant, string name, string token) => new()
    {
        Kind = MailKind.Invitation,
        ProgrammeId = "prog1",
        ParticipantId = participant,
        To = $"{participant}@example.org",
        ToName = name,
        Subject = "ขอเชิญเข้าร่วมโครงการ",
        Html = $"<p>เรียน {WebUtility.HtmlEncode(name)}</p><a href=\"https://app.example.org/api/rsvp/{token}\">ตอบรับ</a>",
        Text = $"เรียน {name}\nhttps://app.example.org/api/rsvp/{token}\n",
        IdempotencyKey = $"invitation|invite|{participant}",
    };

    [Fact]
    public async Task SendGridSender_TwoInvitationsDifferingOnlyByPerson_GoAsOneRequestWithSubstitutions()
    {
        await using var stub = await SendGridStub.StartAsync();
        var sender = stub.Sender();
        await sender.SendAsync([Invitation("p1", "สมชาย <ใจดี>", TokenA), Invitation("p2", "Ann", TokenB)], default);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("Bearer SG.test-key", request.Authorization);
        var expected = JsonNode.Parse("""
        {
          "from": {"name": "LibraryTraining", "email": "noreply@example.org"},
          "subject": "ขอเชิญเข้าร่วมโครงการ",
          "personalizations": [
            {"to": [{"name": "สมชาย <ใจดี>", "email": "p1@example.org"}],
             "substitutions": {"{{lt-token}}": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "{{lt-name}}": "สมชาย <ใจดี>", "{{lt-name-html}}": "สมชาย &lt;ใจดี&gt;"},
             "custom_args": {"programmeId": "prog1", "participantId": "p1", "kind": "invitation", "key": "invitation|invite|p1"}},
            {"to": [{"name": "Ann", "email": "p2@example.org"}],
             "substitutions": {"{{lt-token}}": "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "{{lt-name}}": "Ann", "{{lt-name-html}}": "Ann"},
             "custom_args": {"programmeId": "prog1", "participantId": "p2", "kind": "invitation", "key": "invitation|invite|p2"}}
          ],
          "content": [
            {"type": "text/plain", "value": "เรียน {{lt-name}}\nhttps://app.example.org/api/rsvp/{{lt-token}}\n"},
            {"type": "text/html", "value": "<p>เรียน {{lt-name-html}}</p><a href=\"https://app.example.org/api/rsvp/{{lt-token}}\">ตอบรับ</a>"}
          ]
        }
        """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task SendGridSender_ARateLimitWithRetryAfter_WaitsAndDeliversOnce()
    {
        await using var stub = await SendGridStub.StartAsync(HttpStatusCode.TooManyRequests);
        var watch = Stopwatch.StartNew();
        await stub.Sender().SendAsync([Invitation("p1", "สมชาย", TokenA)], default);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(1, stub.Delivered);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited {watch.Elapsed}");
        Assert.Equal(stub.Requests[0].Body, stub.Requests[1].Body);
    }

    [Fact]
    public async Task EventWebhook_SignedBounceOfAnInvitation_MarksTheParticipantBounced_AndForgeriesAreRefused()
    {
        var id = await runner.CreateProgrammeAsync(EnrolmentRunner.Programme(participants: 3));
        var participant = (await runner.Get<ProgrammeStore>().ParticipantsAsync(id, default))[0];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.SendGridWebhookPublicKey] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
        }).Build();
        var events = new DeliveryEvents(runner.Get<StorageTables>(), runner.Get<ProgrammeStore>(), configuration);
        var function = new DeliveryEventFunctions(events);
        var payload = $$"""[{"email":"{{participant.Email}}","timestamp":1700000000,"event":"bounce","sg_event_id":"ev-{{id}}-1","reason":"550 mailbox unavailable","programmeId":"{{id}}","participantId":"{{participant.Id}}","kind":"invitation"},{"email":"x@example.org","timestamp":1700000001,"event":"open","sg_event_id":"ev-{{id}}-2"}]""";
        var timestamp = "1700000005";
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        var forged = await function.Receive(Request(payload.Replace("bounce", "delivered", StringComparison.Ordinal), signature, timestamp), default);
        Assert.Equal(403, ((ContentResult)forged).StatusCode);
        Assert.Equal(403, ((ContentResult)await function.Receive(Request(payload, null, null), default)).StatusCode);

        var accepted = (ContentResult)await function.Receive(Request(payload, signature, timestamp), default);
        Assert.Equal(200, accepted.StatusCode);
        Assert.Contains("\"recorded\":1", accepted.Content, StringComparison.Ordinal);
        var roster = await runner.Get<ProgrammeStore>().ParticipantsAsync(id, default);
        Assert.True(roster.Single(p => p.Id == participant.Id).Bounced);
        Assert.Equal(1, ProgrammeService.CountsOf(roster).Bounced);
    }

    static HttpRequest Request(string body, string? signature, string? timestamp)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        if (signature is not null)
        {
            context.Request.Headers[DeliveryEvents.SignatureHeader] = signature;
            context.Request.Headers[DeliveryEvents.TimestampHeader] = timestamp;
        }
        return context.Request;
    }

    /// <summary>A loopback stand-in for SendGrid's POST /v3/mail/send that records what it is sent.</summary>
    sealed class SendGridStub : IAsyncDisposable
    {
        readonly HttpListener listener = new();
        readonly Task loop;
        HttpStatusCode? firstAnswer;

        SendGridStub(int port, HttpStatusCode? firstAnswer)
        {
            this.Port = port;
            this.firstAnswer = firstAnswer;
            this.listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            this.listener.Start();
            this.loop = Task.Run(this.ServeAsync);
        }

        public int Port { get; }
        public List<(string Authorization, string Body)> Requests { get; } = [];
        public int Delivered { get; private set; }

        public static Task<SendGridStub> StartAsync(HttpStatusCode? firstAnswer = null) =>
            Task.FromResult(new SendGridStub(LibraryTraining.Local.Storage.Azurite.FreePort(), firstAnswer));

        public SendGridMailSender Sender() => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.SendGridApiKey] = "SG.test-key",
            [AppSettings.SendGridFromEmail] = "noreply@example.org",
            [AppSettings.SendGridApiHost] = $"http://127.0.0.1:{this.Port}",
        }).Build(), NullLogger<SendGridMailSender>.Instance, TimeProvider.System);

        async Task ServeAsync()
        {
            while (this.listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await this.listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                lock (this.Requests)
                {
                    this.Requests.Add((context.Request.Headers["Authorization"] ?? "", body));
                }
                if (context.Request.Url!.AbsolutePath != "/v3/mail/send")
                {
                    context.Response.StatusCode = 404;
                }
                else if (this.firstAnswer is { } status)
                {
                    this.firstAnswer = null;
                    context.Response.StatusCode = (int)status;
                    context.Response.AddHeader("Retry-After", "1");
                }
                else
                {
                    this.Delivered++;
                    context.Response.StatusCode = 202;
                }
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            this.listener.Stop();
            this.listener.Close();
            await this.loop;
        }
    }
}
