using LibraryTraining.Configuration;
using Microsoft.Extensions.Configuration;

namespace LibraryTraining.Telemetry;

/// <summary>
/// <see cref="LogSafe.Redact"/> plus this app's own secrets, replaced wherever they turn up whatever
/// their shape: the SendGrid key, the link secret and the organiser key, as configured.
/// </summary>
public sealed class LogRedactor
{
    readonly string[] secrets;

    public LogRedactor(IEnumerable<string?> secrets) =>
        // Longest first, so a secret that contains another is replaced whole. Short values are not secrets
        // worth the name and would blank ordinary words.
        this.secrets = [.. secrets.Select(s => s?.Trim()).OfType<string>().Where(s => s.Length >= 8).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    public static LogRedactor From(IConfiguration configuration) =>
        new([configuration[AppSettings.SendGridApiKey], configuration[AppSettings.LinkSecret], configuration[AppSettings.OrganiserKey]]);

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        foreach (var secret in this.secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return LogSafe.Redact(text);
    }
}
