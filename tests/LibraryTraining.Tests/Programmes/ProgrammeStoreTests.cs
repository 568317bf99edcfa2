using Azure.Data.Tables;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Infrastructure;

namespace LibraryTraining.Tests.Programmes;

/// <summary>The roster's bulk update on Azurite: batched, and never over an answer written meanwhile.</summary>
public sealed class ProgrammeStoreTests
{
    [Fact]
    public async Task BulkUpdate_ChangesEveryoneSelected_AndKeepsAnAnswerWrittenWhileItRan()
    {
        var connection = await SharedAzurite.ConnectionStringAsync();
        var store = new ProgrammeStore(new StorageTables(new TableServiceClient(connection), new Azure.Storage.Blobs.BlobServiceClient(connection)));
        var programmeId = "store" + Guid.NewGuid().ToString("N")[..10];
        var roster = Enumerable.Range(0, 250).Select(i => new Participant
        {
            Id = $"p{i:D3}",
            Name = $"ผู้เข้าร่วม {i}",
            Email = $"p{i}@example.org",
            Role = ParticipantRole.Staff,
            Site = "ห้องสมุด",
            Language = "th",
        }).ToList();
        await store.SaveParticipantsAsync(programmeId, roster, default);
        var now = DateTimeOffset.UtcNow;

        // An answer lands on p150 after the roster was read and before its chunk is written.
        var answered = false;
        bool Selected(Participant p)
        {
            if (p.Id == "p150" && !answered)
            {
                answered = true;
                store.SaveParticipantsAsync(programmeId, [p with { Status = AnswerStatus.Accepted, AnswerVersion = 1 }], default).GetAwaiter().GetResult();
            }
            return p.Id != "p007";
        }
        var changed = await store.UpdateParticipantsAsync(programmeId, Selected, p => p with { InvitedAt = now }, default);

        var stored = (await store.ParticipantsAsync(programmeId, default)).ToDictionary(p => p.Id);
        Assert.Equal(249, changed.Count);
        Assert.All(stored.Values.Where(p => p.Id != "p007"), p => Assert.Equal(now, p.InvitedAt));
        Assert.Null(stored["p007"].InvitedAt);
        Assert.Equal(AnswerStatus.Accepted, stored["p150"].Status);
        Assert.Equal(1, stored["p150"].AnswerVersion);
    }
}
