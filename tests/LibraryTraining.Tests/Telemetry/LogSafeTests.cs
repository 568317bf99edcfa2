using LibraryTraining.Telemetry;

namespace LibraryTraining.Tests.Telemetry;

public sealed class LogSafeTests
{
    const string Token = "q3Jx9_Zk-LmN0pQrStUvWxYz0123456789abcdefABC"; // 43 base64url characters, like a real link
    // Key-shaped, but assembled here so no string that scanners take for a SendGrid key sits in the source.
    const string FakeSendGridKey = "SG" + "." + "fake-for-redaction" + "." + "tests-only-not-a-key-0123456789";

    [Theory]
    [InlineData("somchai@example.go.th", "s***@e***.go.th#")]
    [InlineData("  Somchai.J@Example.go.th ", "S***@E***.go.th#")]
    [InlineData("librarian@gmail.com", "l***@g***.com#")]
    [InlineData("a.b@mail.school.ac.th", "a***@m***.ac.th#")]
    [InlineData("สมชาย@ตัวอย่าง.ไทย", "ส***@ต***.ไทย#")]
    [InlineData("root@localhost", "r***@l***#")]
    [InlineData("not-an-address", "***#")]
    public void Email_MasksAllButTheFirstLettersAndTheMailboxKind(string email, string expectedPrefix)
    {
        var masked = LogSafe.Email(email);

        Assert.StartsWith(expectedPrefix, masked, StringComparison.Ordinal);
        Assert.Matches("#[0-9a-f]{6}$", masked);
        var local = email.Trim().Split('@')[0];
        if (local.Length > 1)
        {
            Assert.DoesNotContain(local, masked, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Email_EndsWithTheStartOfTheParticipantId_SoTheSamePersonMatchesWhateverTheCase()
    {
        Assert.Equal(LogSafe.Email("Somchai@Example.go.th")[^7..], LogSafe.Email("somchai@example.go.th")[^7..]);
        Assert.EndsWith("#" + ParticipantIds.For("somchai@example.go.th")[..6], LogSafe.Email("somchai@example.go.th"), StringComparison.Ordinal);
        Assert.NotEqual(LogSafe.Email("somchai@example.go.th")[^6..], LogSafe.Email("somying@example.go.th")[^6..]);
    }

    [Theory]
    [InlineData(null, "(none)")]
    [InlineData("", "(none)")]
    [InlineData("   ", "(none)")]
    public void Email_None_SaysSo(string? email, string expected) => Assert.Equal(expected, LogSafe.Email(email));

    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:7071/api/rsvp/" + Token + " - - -", "GET http://127.0.0.1:7071/api/rsvp/{token} - - -")]
    [InlineData("GET /api/rsvp/" + Token + "/photos/p1?x=1", "GET /api/rsvp/{token}/photos/p1?x=1")]
    [InlineData("/api/RSVP/short-or-odd", "/api/RSVP/{token}")]
    [InlineData("Cookie: lt-link=" + Token + "; other=1", "Cookie: lt-link=***; other=1")]
    [InlineData("the token " + Token + " on its own", "the token {token} on its own")]
    [InlineData("/api/checkin/k3j9x2m4p8qa/s1/0a1b2c3d4e5f", "/api/checkin/k3j9x2m4p8qa/s1/{code}")]
    [InlineData("GET /api/programmes?code=organiser-secret&x=1", "GET /api/programmes?code=***&x=1")]
    [InlineData("Authorization: Bearer " + FakeSendGridKey, "Authorization: Bearer ***")]
    [InlineData("key " + FakeSendGridKey + " leaked", "key SG.*** leaked")]
    [InlineData("to somchai@example.go.th and somying%40example.go.th", "to s***@e***.go.th#")]
    public void Redact_RemovesTokensAddressesAndKeys(string text, string expected) =>
        Assert.Contains(expected, LogSafe.Redact(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("Programme k3j9x2m4p8qa: step invite done, 22 emails sent")]
    [InlineData("Request finished HTTP/1.1 GET http://127.0.0.1:7071/api/programmes/k3j9x2m4p8qa - 200")]
    [InlineData("Participant 1a2b3c4d5e6f7a8b of programme k3j9x2m4p8qa; blob outbox/k3j9x2m4p8qa/invitation|invite|1a2b3c4d5e6f7a8b.json")]
    [InlineData("Links(PartitionKey='9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',RowKey='link')")]
    [InlineData("")]
    public void Redact_LeavesOrdinaryLinesAlone(string text) => Assert.Equal(text, LogSafe.Redact(text));

    [Fact]
    public void Redact_OfRedactedText_ChangesNothing()
    {
        var once = LogSafe.Redact($"mail to somchai@example.go.th via /api/rsvp/{Token} with SG.abcdefghijkl.mnopqrstuvwx");

        Assert.Equal(once, LogSafe.Redact(once));
        Assert.DoesNotContain("somchai", once, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, once, StringComparison.Ordinal);
    }

    [Fact]
    public void LogRedactor_ReplacesTheConfiguredSecrets_WhateverTheirShape()
    {
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var redactor = new LogRedactor([secret, "short", null]);

        var redacted = redactor.Redact($"secret={secret}; word short stays; mail somchai@example.go.th");

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("word short stays", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("somchai@", redacted, StringComparison.Ordinal);
    }
}
