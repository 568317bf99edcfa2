using System.Text;
using System.Text.RegularExpressions;
using LibraryTraining.Programmes;

namespace LibraryTraining.Telemetry;

/// <summary>
/// What a log may say about a person or a secret. Code logs ids (programme, participant), never an
/// email address, a name, a participant's link or a key; when an address must be told apart, it goes
/// through <see cref="Email"/>. <see cref="Redact"/> is the safety net every exported log line and span
/// passes through (see <c>TelemetryRegistration</c>), for text the code does not choose: request paths
/// written by ASP.NET Core, exception messages, SendGrid's error bodies.
/// </summary>
public static partial class LogSafe
{
    /// <summary>What stands in for a participant's link token.</summary>
    public const string TokenMark = "{token}";

    /// <summary>
    /// An address masked for a log: <c>somchai@example.go.th</c> becomes <c>s***@e***.go.th#1a2b3c</c>.
    /// The suffix is the start of the participant id the address gives (<see cref="ParticipantIds.For"/>),
    /// so a support question can find the roster row without the log ever holding the address.
    /// </summary>
    public static string Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "(none)";
        }
        var address = email.Trim();
        var tag = "#" + ParticipantIds.For(address)[..6];
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return "***" + tag;
        }
        var labels = address[(at + 1)..].Split('.');
        // Keep what says which kind of mailbox it is, not whose: ".go.th", ".ac.th", ".com".
        var keep = labels.Length >= 3 && labels[^2].Length <= 3 ? 2 : Math.Min(1, labels.Length - 1);
        var suffix = keep == 0 ? "" : "." + string.Join('.', labels[^keep..]);
        return $"{First(address)}***@{First(labels[0])}***{suffix}{tag}";
    }

    /// <summary>
    /// Text with anything personal or secret replaced: email addresses (masked as by <see cref="Email"/>),
    /// participant tokens (in <c>/rsvp/…</c> paths, the <c>lt-link</c> cookie, or on their own),
    /// check-in codes, SendGrid keys, bearer tokens and <c>code=</c> keys. Text with none of them is
    /// returned as it is.
    /// </summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        var redacted = SendGridKey().Replace(text, "SG.***");
        redacted = Bearer().Replace(redacted, "Bearer ***");
        redacted = AnswerPath().Replace(redacted, "${prefix}" + TokenMark);
        redacted = CheckInPath().Replace(redacted, "${prefix}{code}");
        redacted = SecretParameter().Replace(redacted, "${name}=***");
        redacted = EncodedEmailAddress().Replace(redacted, m => Email(Uri.UnescapeDataString(m.Value)));
        redacted = EmailAddress().Replace(redacted, m => Email(m.Value));
        redacted = BareToken().Replace(redacted, TokenMark);
        return redacted;
    }

    static string First(string text) =>
        Rune.DecodeFromUtf16(text, out var rune, out _) == System.Buffers.OperationStatus.Done ? rune.ToString() : "";

    // SendGrid keys: "SG." then two base64url parts.
    [GeneratedRegex(@"SG\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")]
    private static partial Regex SendGridKey();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    // Every participant route is /rsvp/{token}/...; the segment after /rsvp/ is the token, whatever its shape.
    [GeneratedRegex(@"(?<prefix>/rsvp/)[^/?#\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerPath();

    // /checkin/{programme}/{session}/{code}: the venue code is an HMAC, printed on the QR poster.
    [GeneratedRegex(@"(?<prefix>/checkin/[^/?#\s""'<>]+/[^/?#\s""'<>]+/)[^/?#\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex CheckInPath();

    // Query strings, cookies and headers written as name=value: the organiser key (?code=), the link cookie.
    [GeneratedRegex(@"(?<name>\b(?:code|token|key|sig|signature|lt-link|x-functions-key|api_key|apikey))=[^&\s;,""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"[A-Za-z0-9._+\-]+%40[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EncodedEmailAddress();

    // Not every address RFC 5322 allows, but every one a roster takes (ProgrammeValidator), Thai domains included.
    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.[\p{L}]{2,}")]
    private static partial Regex EmailAddress();

    // A participant token on its own: exactly 43 base64url characters (256 bits), not part of a longer run.
    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{43}(?![A-Za-z0-9_\-])")]
    private static partial Regex BareToken();
}
