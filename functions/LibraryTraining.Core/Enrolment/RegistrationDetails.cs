using System.Text.RegularExpressions;
using Azure.Data.Tables;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;

namespace LibraryTraining.Enrolment;

/// <summary>What a participant told us after accepting: food, phone, emergency contact, a room.</summary>
public sealed partial record RegistrationDetails(string? Dietary, string? Phone, string? EmergencyContact, bool? Accommodation)
{
    public const int MaxText = 200;

    /// <summary>Checks the fields the programme asks for; messages are in the participant's language.</summary>
    public IReadOnlyList<Problem> Problems(bool thai)
    {
        var problems = new List<Problem>();
        foreach (var (field, value) in new[] { ("dietary", this.Dietary), ("phone", this.Phone), ("emergencyContact", this.EmergencyContact) })
        {
            if (value is { Length: > MaxText })
            {
                problems.Add(new(field, thai ? $"กรุณากรอกไม่เกิน {MaxText} ตัวอักษร" : $"Keep this under {MaxText} characters."));
            }
            else if (value is not null && value.Any(c => char.IsControl(c) && c is not '\n' and not '\r'))
            {
                problems.Add(new(field, thai ? "ข้อความมีอักขระที่ใช้ไม่ได้" : "This text contains characters that cannot be used."));
            }
        }
        if (this.Phone is { Length: > 0 and <= MaxText } phone && !PhoneShape().IsMatch(phone))
        {
            problems.Add(new("phone", thai ? "กรุณากรอกเบอร์โทรศัพท์เป็นตัวเลข เช่น 081 234 5678" : "Write the phone number in digits, for example 081 234 5678."));
        }
        return problems;
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 \-().]{5,24}$")]
    private static partial Regex PhoneShape();
}

/// <summary>Registration details, one row per participant beside the roster in the programme's partition.</summary>
public sealed class RegistrationDetailsStore(StorageTables storage)
{
    const string Prefix = "r:";

    public async Task<RegistrationDetails?> FindAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, Prefix + participantId, cancellationToken: cancellationToken);
        return row.HasValue
            ? new RegistrationDetails(row.Value!.GetString("Dietary"), row.Value.GetString("Phone"), row.Value.GetString("EmergencyContact"), row.Value.GetBoolean("Accommodation"))
            : null;
    }

    /// <summary>Everyone's details in a programme, by participant id: one range query of its partition.</summary>
    public async Task<IReadOnlyDictionary<string, RegistrationDetails>> ListAsync(string programmeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        var all = new Dictionary<string, RegistrationDetails>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableBatches.PrefixFilter(programmeId, Prefix), cancellationToken: cancellationToken))
        {
            all[row.RowKey[Prefix.Length..]] = new RegistrationDetails(row.GetString("Dietary"), row.GetString("Phone"), row.GetString("EmergencyContact"), row.GetBoolean("Accommodation"));
        }
        return all;
    }

    public async Task SaveAsync(string programmeId, string participantId, RegistrationDetails details, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageTables.Programmes);
        await table.UpsertEntityAsync(new TableEntity(programmeId, Prefix + participantId)
        {
            ["Dietary"] = details.Dietary,
            ["Phone"] = details.Phone,
            ["EmergencyContact"] = details.EmergencyContact,
            ["Accommodation"] = details.Accommodation,
        }, TableUpdateMode.Replace, cancellationToken);
    }
}
