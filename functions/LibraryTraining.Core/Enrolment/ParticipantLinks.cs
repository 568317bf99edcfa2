using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Enrolment;

public enum LinkState { Valid, Unknown, Expired, Revoked }

public sealed record LinkResolution(LinkState State, string? ProgrammeId = null, string? ParticipantId = null, int? Generation = null);

/// <summary>
/// Participants' personal links. A token is an HMAC of (programme, participant, generation) under a
/// server secret: 256 bits nobody can guess, and the same token every time an activity retries, so a
/// retried invitation never revokes the link already in someone's inbox. Only its SHA-256 is stored.
/// Reissuing bumps the generation and revokes the old token.
/// </summary>
public sealed class ParticipantLinks(StorageTables storage, LinkSecret secret, TimeProvider time)
{
    const string RowKey = "link";
    const int MaxCached = 200_000;

    // Whose a token is: programme, participant, generation and expiry never change for a token, so knowing
    // them saves a read, and lets the mails of a programme skip rewriting a row already stored. Whether the
    // link still holds (not replaced, participant not removed) is NOT here: the caller decides that against
    // the participant as stored (see IdentifyAsync).
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Programme, string Participant, int Generation, DateTimeOffset Expires)> identities = new(StringComparer.Ordinal);
    /// <summary>Links keep working for a while after the last day, for thanks, feedback and certificates.</summary>
    public static readonly TimeSpan ValidAfterProgramme = TimeSpan.FromDays(30);

    public string TokenFor(string programmeId, string participantId, int generation) => TokenFor(secret, programmeId, participantId, generation);

    /// <summary>The token alone, from the secret: what a benchmark or test with the secret derives without storage.</summary>
    public static string TokenFor(LinkSecret secret, string programmeId, string participantId, int generation)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(secret.Key, Encoding.UTF8.GetBytes($"{programmeId}\n{participantId}\n{generation}"));
        return Base64Url(mac);
    }

    public async Task<string> IssueAsync(string programmeId, string participantId, int generation, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var token = this.TokenFor(programmeId, participantId, generation);
        if (this.identities.TryGetValue(Hash(token), out var known) && known.Expires == expiresAt && known.Generation == generation)
        {
            // Stored already with this expiry (this instance wrote or read it): every later mail of the programme
            // skips the write. A revoked row needs no rewrite either: a merge never clears RevokedAt.
            return token;
        }
        var table = await storage.TableAsync(StorageTables.Links);
        await table.UpsertEntityAsync(new TableEntity(Hash(token), RowKey)
        {
            ["ProgrammeId"] = programmeId,
            ["ParticipantId"] = participantId,
            ["Generation"] = generation,
            ["ExpiresAt"] = expiresAt,
        }, TableUpdateMode.Merge, cancellationToken);
        this.Know(Hash(token), programmeId, participantId, generation, expiresAt);
        return token;
    }

    public async Task RevokeAsync(string programmeId, string participantId, int generation, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Links);
        await table.UpsertEntityAsync(new TableEntity(Hash(this.TokenFor(programmeId, participantId, generation)), RowKey)
        {
            ["ProgrammeId"] = programmeId,
            ["ParticipantId"] = participantId,
            ["RevokedAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Whose the token is, without a storage read when this instance has seen it before. A Valid answer
    /// here says only that the token is genuine and unexpired: the caller must check its generation and
    /// the participant's removal against the participant as stored, as the seat book does for an answer
    /// (it confirms its roster is current before every decision). Pages use <see cref="ResolveAsync"/>.
    /// </summary>
    public async Task<LinkResolution> IdentifyAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is { Length: 43 } && this.identities.TryGetValue(Hash(token), out var known))
        {
            return known.Expires > time.GetUtcNow()
                ? new LinkResolution(LinkState.Valid, known.Programme, known.Participant, known.Generation)
                : new LinkResolution(LinkState.Expired, known.Programme, known.Participant);
        }
        return await this.ResolveAsync(token, cancellationToken);
    }

    /// <summary>The link as stored, read every time: a link reissued or revoked on any instance is refused at once.</summary>
    public async Task<LinkResolution> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        // Real tokens are 43 base64url characters; anything else is not worth a storage round trip.
        if (token is null || token.Length != 43 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return new LinkResolution(LinkState.Unknown);
        }
        var hash = Hash(token);
        var table = await storage.TableAsync(StorageTables.Links);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(hash, RowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new LinkResolution(LinkState.Unknown);
        }
        var entity = row.Value!;
        var programmeId = entity.GetString("ProgrammeId");
        var participantId = entity.GetString("ParticipantId");
        if (entity.GetDateTimeOffset("RevokedAt") is not null)
        {
            return new LinkResolution(LinkState.Revoked, programmeId, participantId);
        }
        if (entity.GetDateTimeOffset("ExpiresAt") is { } expires && expires <= time.GetUtcNow())
        {
            return new LinkResolution(LinkState.Expired, programmeId, participantId);
        }
        var generation = entity.GetInt32("Generation");
        if (entity.GetDateTimeOffset("ExpiresAt") is { } until && programmeId is not null && participantId is not null && generation is not null)
        {
            this.Know(hash, programmeId, participantId, generation.Value, until);
        }
        return new LinkResolution(LinkState.Valid, programmeId, participantId, generation);
    }

    void Know(string hash, string programmeId, string participantId, int generation, DateTimeOffset expires)
    {
        if (this.identities.Count >= MaxCached)
        {
            this.identities.Clear();
        }
        this.identities[hash] = (programmeId, participantId, generation, expires);
    }


    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The secret behind participant links; at least 32 bytes.</summary>
public sealed class LinkSecret
{
    public LinkSecret(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The link secret must be at least 32 bytes.", nameof(key));
        }
        this.Key = key;
    }

    public byte[] Key { get; }

    public static LinkSecret FromBase64(string? text, string settingName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException($"Set {settingName} to at least 32 random bytes in base64 (for example: openssl rand -base64 32).");
        }
        try
        {
            return new LinkSecret(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{settingName} must be base64 (for example: openssl rand -base64 32).");
        }
    }
}
