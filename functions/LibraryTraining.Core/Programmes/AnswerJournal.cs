using System.Text.Json;
using Azure.Data.Tables;
using LibraryTraining.Storage;

namespace LibraryTraining.Programmes;

/// <summary>
/// The answer part of a participant: the fields only the seat book writes. <see cref="AnswerVersion"/>
/// rises with every change, so the newer of a journal entry and a stored row is always known.
/// </summary>
public sealed record AnswerState(string Id, AnswerStatus Status, DateTimeOffset? AnsweredAt, string? DeclineReason, long? WaitlistSeq,
    DateTimeOffset? OfferExpiresAt, int AnswerVersion, bool Removed)
{
    public static AnswerState Of(Participant p) =>
        new(p.Id, p.Status, p.AnsweredAt, p.DeclineReason, p.WaitlistSeq, p.OfferExpiresAt, p.AnswerVersion, p.Removed);

    public Participant ApplyTo(Participant p) => p with
    {
        Status = this.Status,
        AnsweredAt = this.AnsweredAt,
        DeclineReason = this.DeclineReason,
        WaitlistSeq = this.WaitlistSeq,
        OfferExpiresAt = this.OfferExpiresAt,
        AnswerVersion = this.AnswerVersion,
        Removed = this.Removed,
    };
}

/// <summary>
/// The seat book's journal: one row per decided batch, in the programme's own partition, written in the
/// same transaction as the seat row. A batch of 98 answers is then 3 entities in that transaction
/// instead of 100 (on Azurite 2 ms instead of 18). The journal is later copied onto the participant
/// rows and deleted, in one transaction per journal row; until then every reader of the roster lays the
/// journal over the rows (<see cref="Overlay"/>), the newer <see cref="AnswerState.AnswerVersion"/> winning.
/// </summary>
public static class AnswerJournal
{
    public const string Prefix = "j:";
    /// <summary>A journal row holds at most this many answers, so copying it is one transaction (98 rows and its own delete).</summary>
    public const int MaxEntries = 98;
    // Stored, never shown: Thai reasons kept as they are, not as \u escapes six times their size.
    static readonly JsonSerializerOptions Json = new(WireNames.Json) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string RowKey(long seq) => Prefix + seq.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    public static TableEntity Entity(string programmeId, long seq, IReadOnlyList<AnswerState> answers)
    {
        if (answers.Count is 0 or > MaxEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(answers), $"A journal row holds 1 to {MaxEntries} answers.");
        }
        var entity = new TableEntity(programmeId, RowKey(seq));
        entity.SetLongText("A", JsonSerializer.Serialize(answers, Json)); // answers split across properties A0, A1, ...
        return entity;
    }

    public static IReadOnlyList<AnswerState> Answers(TableEntity row) =>
        JsonSerializer.Deserialize<List<AnswerState>>(row.GetLongText("A"), Json) ?? [];

    /// <summary>The newest journalled answer of each participant.</summary>
    public static Dictionary<string, AnswerState> Latest(IEnumerable<TableEntity> rows)
    {
        var latest = new Dictionary<string, AnswerState>(StringComparer.Ordinal);
        foreach (var answer in rows.SelectMany(Answers))
        {
            if (!latest.TryGetValue(answer.Id, out var known) || answer.AnswerVersion > known.AnswerVersion)
            {
                latest[answer.Id] = answer;
            }
        }
        return latest;
    }

    /// <summary>The participant as the journal has it, when the journal is newer than the row.</summary>
    public static Participant Overlay(Participant stored, IReadOnlyDictionary<string, AnswerState> journal) =>
        journal.TryGetValue(stored.Id, out var answer) && answer.AnswerVersion > stored.AnswerVersion ? answer.ApplyTo(stored) : stored;
}
