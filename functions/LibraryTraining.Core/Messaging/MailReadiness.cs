using LibraryTraining.Configuration;
using Microsoft.Extensions.Configuration;

namespace LibraryTraining.Messaging;

/// <summary>
/// Whether mail can go out at all. Without it a new programme's invitation activity would fail and retry for
/// an hour; the API says so at once instead (a first deploy before the SendGrid key is set).
/// </summary>
public sealed class MailReadiness(IConfiguration configuration)
{
    /// <summary>Why no mail can be sent, or null when it can.</summary>
    public string? Problem
    {
        get
        {
            if (string.Equals(ServiceCollectionExtensions.Setting(configuration, AppSettings.MailMode), "outbox", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            // An app setting whose Key Vault reference did not resolve (no such secret yet) keeps the reference itself.
            if (configuration[AppSettings.SendGridApiKey] is not { } key || string.IsNullOrWhiteSpace(key) || key.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            {
                return $"Mail is not configured: set {AppSettings.SendGridApiKey} (kept in Key Vault in Azure), or {AppSettings.MailMode}=outbox to keep mail locally. Nothing was created.";
            }
            return string.IsNullOrWhiteSpace(configuration[AppSettings.SendGridFromEmail])
                ? $"Mail is not configured: set {AppSettings.SendGridFromEmail} to a sender address verified in SendGrid. Nothing was created."
                : null;
        }
    }
}
