using System.Security.Cryptography;
using System.Text;

namespace LibraryTraining.Programmes;

/// <summary>
/// A participant's id is derived from their email, so an import or a retried request that names the
/// same person twice can never make two roster rows for them.
/// </summary>
public static class ParticipantIds
{
    public static string For(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
