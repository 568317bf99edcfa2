using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using LibraryTraining.Attendance;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Certificates;

/// <summary>A certificate of attendance as issued: what it says, and the numbers behind it.</summary>
public sealed record Certificate(
    string Id, string ProgrammeId, string ParticipantId, string Name, string? Site, string ProgrammeTitle,
    DateOnly FirstDate, DateOnly LastDate, string Organiser, int Attended, int Counted, DateTimeOffset IssuedAt);

/// <summary>Where a participant stands against the programme's attendance threshold.</summary>
public sealed record Eligibility(Participant Participant, int Attended, int Counted, bool Eligible);

/// <summary>
/// Certificates of attendance. Each has a random 128-bit id stored in a table; verification looks the id
/// up, so an id nobody issued (a forged or mistyped one) finds nothing. Issuing is idempotent: a
/// participant keeps the id first issued to them, however often the wrap-up runs.
/// </summary>
public sealed class CertificateService(ProgrammeStore programmes, AttendanceStore attendance, StorageTables storage, PublicLinks publicLinks, TimeProvider time)
{
    const string CertificateRow = "certificate";
    const string ByParticipant = "p:";

    /// <summary>Attended ÷ counted sessions against the threshold, for everyone who was expected or checked in.</summary>
    public static IReadOnlyList<Eligibility> Assess(Programme programme, IReadOnlyList<Participant> roster, IReadOnlyList<CheckIn> checkIns)
    {
        var counted = CheckInWindow.CountedSessions(programme).Select(s => s.Session.Id).ToHashSet(StringComparer.Ordinal);
        var attended = checkIns.Where(c => counted.Contains(c.SessionId))
            .GroupBy(c => c.ParticipantId)
            .ToDictionary(g => g.Key, g => g.Select(c => c.SessionId).Distinct().Count(), StringComparer.Ordinal);
        return roster.Where(p => !p.Removed && (AttendanceService.Expected(p) || attended.ContainsKey(p.Id)))
            .Select(p =>
            {
                var n = attended.GetValueOrDefault(p.Id);
                // Whole sessions: 80% of 5 needs 4. The epsilon keeps 0.8 × 5 from becoming 4.000…1 and needing 5.
                var eligible = counted.Count > 0 && n >= Math.Ceiling(programme.AttendanceThreshold * counted.Count - 1e-9);
                return new Eligibility(p, n, counted.Count, eligible);
            })
            .ToList();
    }

    /// <summary>Issues a certificate to everyone over the threshold who has none yet; returns all of the programme's certificates.</summary>
    public async Task<IReadOnlyList<Certificate>> IssueAsync(Programme programme, CancellationToken cancellationToken)
    {
        var roster = await programmes.ParticipantsAsync(programme.Id, cancellationToken);
        var eligible = Assess(programme, roster, await attendance.ListAsync(programme.Id, cancellationToken)).Where(e => e.Eligible).ToList();
        var table = await storage.TableAsync(StorageTables.Certificates);
        var issued = (await this.ListAsync(programme.Id, cancellationToken)).ToDictionary(c => c.ParticipantId, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var organiser = programme.Organisers.Count > 0 ? programme.Organisers[0].Name : "";
        foreach (var e in eligible.Where(e => !issued.ContainsKey(e.Participant.Id)))
        {
            var certificate = new Certificate(NewId(), programme.Id, e.Participant.Id, e.Participant.Name, e.Participant.Site, programme.Title,
                programme.FirstDate, programme.LastDate, organiser, e.Attended, e.Counted, now);
            await table.AddEntityAsync(ToEntity(certificate, certificate.Id, CertificateRow), cancellationToken);
            try
            {
                await table.AddEntityAsync(ToEntity(certificate, programme.Id, ByParticipant + e.Participant.Id), cancellationToken);
                issued[e.Participant.Id] = certificate;
            }
            catch (RequestFailedException x) when (x.Status == 409)
            {
                // Another run issued one meanwhile: theirs stands, ours never existed.
                await table.DeleteEntityAsync(certificate.Id, CertificateRow, ETag.All, cancellationToken);
            }
        }
        return await this.ListAsync(programme.Id, cancellationToken);
    }

    public async Task<IReadOnlyList<Certificate>> ListAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Certificates);
        var list = new List<Certificate>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, ByParticipant), cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(row));
        }
        return list;
    }

    /// <summary>The certificate with this id, or null: unknown, forged and malformed ids all find nothing.</summary>
    public async Task<Certificate?> VerifyAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is not { Length: 32 } || !id.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }
        var table = await storage.TableAsync(StorageTables.Certificates);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(id, CertificateRow, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public Uri VerifyLink(string id) => new(publicLinks.BaseUrl, $"api/certificates/{id}");

    public Uri DownloadLink(string id) => new(publicLinks.BaseUrl, $"api/certificates/{id}/pdf");

    public byte[] Pdf(Certificate certificate) => CertificatePdf.Render(certificate, this.VerifyLink(certificate.Id));

    static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    static TableEntity ToEntity(Certificate c, string partition, string row) => new(partition, row)
    {
        ["CertificateId"] = c.Id,
        ["ProgrammeId"] = c.ProgrammeId,
        ["ParticipantId"] = c.ParticipantId,
        ["Name"] = c.Name,
        ["Site"] = c.Site,
        ["ProgrammeTitle"] = c.ProgrammeTitle,
        ["FirstDate"] = c.FirstDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["LastDate"] = c.LastDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Organiser"] = c.Organiser,
        ["Attended"] = c.Attended,
        ["Counted"] = c.Counted,
        ["IssuedAt"] = c.IssuedAt,
    };

    static Certificate FromEntity(TableEntity e) => new(
        e.GetString("CertificateId") ?? "", e.GetString("ProgrammeId") ?? "", e.GetString("ParticipantId") ?? "", e.GetString("Name") ?? "",
        e.GetString("Site"), e.GetString("ProgrammeTitle") ?? "",
        DateOnly.Parse(e.GetString("FirstDate") ?? "2000-01-01", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly.Parse(e.GetString("LastDate") ?? "2000-01-01", System.Globalization.CultureInfo.InvariantCulture),
        e.GetString("Organiser") ?? "", e.GetInt32("Attended") ?? 0, e.GetInt32("Counted") ?? 0, e.GetDateTimeOffset("IssuedAt") ?? default);
}
