using LibraryTraining.Enrolment;
using LibraryTraining.Programmes;

namespace LibraryTraining.Attendance;

public sealed record RosterLine(Participant Participant, CheckIn? CheckIn);

/// <summary>A session's roster: everyone with a place, checked in or missing. For a study visit it is the bus roll-call.</summary>
public sealed record SessionRoster(Programme Programme, ProgrammeDay Day, Session Session, IReadOnlyList<RosterLine> Lines)
{
    public IEnumerable<RosterLine> Missing => this.Lines.Where(l => l.CheckIn is null);
    public int Present => this.Lines.Count(l => l.CheckIn is not null);
}

/// <summary>What the participant's check-in page shows: the link's state and, when valid, the session and the outcome.</summary>
public sealed record SelfCheckInView(
    LinkState Link,
    Programme? Programme = null,
    Participant? Participant = null,
    ProgrammeDay? Day = null,
    Session? Session = null,
    CheckIn? CheckIn = null,
    CheckInRefusal Refusal = CheckInRefusal.None,
    bool JustCheckedIn = false);

/// <summary>
/// Check-in per session. Organisers tick anyone in or out at any time (they correct the record); a
/// participant checks themselves in only with the session's venue code and only inside its window.
/// </summary>
public sealed class AttendanceService(ProgrammeStore programmes, AttendanceStore store, ParticipantLinks links, SessionCodes codes, TimeProvider time)
{
    /// <summary>Who is expected at sessions: everyone holding a place.</summary>
    public static bool Expected(Participant p) => !p.Removed && p.Status == AnswerStatus.Accepted;

    public async Task<SessionRoster?> RosterAsync(string programmeId, string sessionId, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null || CheckInWindow.Find(programme, sessionId) is not { } found)
        {
            return null;
        }
        var roster = await programmes.ParticipantsAsync(programmeId, cancellationToken);
        var checkIns = (await store.ListAsync(programmeId, cancellationToken)).Where(c => c.SessionId == sessionId).ToDictionary(c => c.ParticipantId);
        var lines = roster.Where(p => Expected(p) || checkIns.ContainsKey(p.Id))
            .OrderBy(p => p.Site, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new RosterLine(p, checkIns.GetValueOrDefault(p.Id)))
            .ToList();
        return new SessionRoster(programme, found.Day, found.Session, lines);
    }

    /// <summary>An organiser ticks a participant in (present) or out (not present). Returns null for an unknown programme, session or participant.</summary>
    public async Task<SessionRoster?> TickAsync(string programmeId, string sessionId, string participantId, bool present, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(programmeId, cancellationToken);
        if (programme is null || CheckInWindow.Find(programme, sessionId) is null
            || await programmes.FindParticipantAsync(programmeId, participantId, cancellationToken) is not { Removed: false })
        {
            return null;
        }
        if (present)
        {
            await store.AddAsync(programmeId, new CheckIn(sessionId, participantId, this.Now(programme), CheckInSource.Organiser), cancellationToken);
        }
        else
        {
            await store.RemoveAsync(programmeId, sessionId, participantId, cancellationToken);
        }
        return await this.RosterAsync(programmeId, sessionId, cancellationToken);
    }

    /// <summary>The participant's check-in page; shows, never records.</summary>
    public Task<SelfCheckInView> ViewAsync(string token, string sessionId, string? code, CancellationToken cancellationToken) =>
        this.SelfAsync(token, sessionId, code, record: false, cancellationToken);

    /// <summary>Records the participant's own check-in, if the venue code is right and the session's window is open.</summary>
    public Task<SelfCheckInView> CheckInAsync(string token, string sessionId, string? code, CancellationToken cancellationToken) =>
        this.SelfAsync(token, sessionId, code, record: true, cancellationToken);

    async Task<SelfCheckInView> SelfAsync(string token, string sessionId, string? code, bool record, CancellationToken cancellationToken)
    {
        var link = await links.ResolveAsync(token, cancellationToken);
        if (link.State != LinkState.Valid)
        {
            return new SelfCheckInView(link.State, Refusal: CheckInRefusal.Link);
        }
        var programme = await programmes.FindAsync(link.ProgrammeId!, cancellationToken);
        var participant = programme is null ? null : await programmes.FindParticipantAsync(programme.Id, link.ParticipantId!, cancellationToken);
        if (programme is null || participant is null || participant.Removed)
        {
            return new SelfCheckInView(LinkState.Revoked, Refusal: CheckInRefusal.Link);
        }
        if (CheckInWindow.Find(programme, sessionId) is not { } found)
        {
            return new SelfCheckInView(LinkState.Valid, programme, participant, Refusal: CheckInRefusal.UnknownSession);
        }
        var existing = (await store.ListAsync(programme.Id, cancellationToken))
            .FirstOrDefault(c => c.SessionId == sessionId && c.ParticipantId == participant.Id);
        var view = new SelfCheckInView(LinkState.Valid, programme, participant, found.Day, found.Session, existing);
        if (existing is not null)
        {
            return view;
        }
        var refusal = !codes.IsValid(programme.Id, sessionId, code) ? CheckInRefusal.BadCode
            : !Expected(participant) ? CheckInRefusal.NotAttending
            : CheckInWindow.Check(programme, found.Day, found.Session, this.Now(programme));
        if (refusal != CheckInRefusal.None || !record)
        {
            return view with { Refusal = refusal };
        }
        var checkIn = new CheckIn(sessionId, participant.Id, this.Now(programme), CheckInSource.Self);
        await store.AddAsync(programme.Id, checkIn, cancellationToken);
        return view with { CheckIn = checkIn, JustCheckedIn = true };
    }

    DateTimeOffset Now(Programme programme) => programme.Clock.ToProgramme(time.GetUtcNow());
}
