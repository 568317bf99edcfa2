using System.Globalization;
using CsvHelper;
using LibraryTraining.Programmes;

namespace LibraryTraining.Reports;

/// <summary>
/// Attendance as a spreadsheet: one row per participant, one column per session (1 = present), then the
/// totals and the certificate. UTF-8 with a byte-order mark, so Excel on Thai Windows reads the Thai.
/// </summary>
public static class AttendanceCsv
{
    public static byte[] Write(ProgrammeReport report, IReadOnlyList<Attendance.CheckIn> checkIns)
    {
        var present = checkIns.Select(c => (c.SessionId, c.ParticipantId)).ToHashSet();
        var eligibility = report.Eligibility.ToDictionary(e => e.Participant.Id, StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        // Escape defuses cells Excel would run as formulas (a name starting with "=").
        using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader([
                "name", "email", "role", "site", "answer",
                .. report.Sessions.Select(s => $"{s.Day.Date:yyyy-MM-dd} {s.Session.Start:HH\\:mm} {s.Session.Title}"),
                "attended", "counted", "certificate",
            ]);
            foreach (var p in report.Roster.OrderBy(p => p.Site, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                var e = eligibility.GetValueOrDefault(p.Id);
                csv.WriteRecord([
                    p.Name, p.Email, WireNames.Of(p.Role), p.Site ?? "", WireNames.Of(p.Status),
                    .. report.Sessions.Select(s => present.Contains((s.Session.Id, p.Id)) ? "1" : ""),
                    (e?.Attended ?? 0).ToString(CultureInfo.InvariantCulture), (e?.Counted ?? 0).ToString(CultureInfo.InvariantCulture),
                    e?.Eligible == true ? "yes" : "no",
                ]);
            }
        }
        return buffer.ToArray();
    }
}
