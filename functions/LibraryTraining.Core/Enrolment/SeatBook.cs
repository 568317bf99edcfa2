using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using LibraryTraining.Programmes;
using LibraryTraining.Storage;
using Microsoft.Extensions.Logging;

namespace LibraryTraining.Enrolment;

public enum Decision { Accept, Decline }

/// <summary>Why an answer was not recorded; <c>None</c> when it was (or was already so).</summary>
public enum AnswerRefusal { None, Closed, Removed, UnknownParticipant, UnknownProgramme }

/// <summary>A freed place offered to the next person on the waiting list, until <see cref="ExpiresAt"/> (real time).</summary>
public sealed record SeatOffer(string ProgrammeId, string ParticipantId, DateTimeOffset ExpiresAt, int AnswerVersion)
{
    public const string Orchestrator = "SeatOfferOrchestration";

    /// <summary>One expiry watch per offer; deterministic, so scheduling it twice is harmless.</summary>
    public string InstanceId => $"seat-offer-{this.ProgrammeId}-{this.ParticipantId}-{this.AnswerVersion}";
}

/// <summary>What became of one answer: where the participant now stands, and any offers it caused.</summary>
public sealed record AnswerOutcome(
    AnswerRefusal Refusal,
    Programme? Programme,
    Participant? Participant,
    int? WaitlistPosition,
    long Arrival,
    IReadOnlyList<SeatOffer> NewOffers);

/// <summary>
/// The seats of every programme, decided by a single consumer per programme. Answers join an
/// in-process queue in arrival order; the consumer takes up to 98 at a time, decides them in that
/// order against the programme's definition and roster held in memory, and writes them in ONE table
/// transaction: the programme's seat row (ETag-checked; inserted on the very first answer), a check
/// that the definition is unchanged, and the batch's answers as one journal row (<see cref="AnswerJournal"/>).
/// A second instance, or an organiser's edit (capacity, cancellation, a new link), makes the transaction
/// fail as a whole; the consumer then reloads and decides the batch again. Nothing is ever overbooked,
/// and under a burst the cost is one small storage write per 98 answers. A projector per programme
/// copies the journal onto the participant rows once answers pause.
/// </summary>
public sealed class SeatBook(StorageTables storage, ProgrammeStore programmes, AnswerMailer mailer, TimeProvider time, ILogger<SeatBook> logger)
    : IAsyncDisposable
{
    /// <summary>A table transaction holds 100 entities: the seat row, the definition check and 98 participants.</summary>
    public const int MaxBatch = 98;
    /// <summary>Up to this many changed answers are merged into their rows directly instead of journalled.</summary>
    const int DirectUpTo = 8;
    public const string SeatRowKey = ProgrammeStore.SeatRowKey;
    public static readonly TimeSpan OfferValidFor = TimeSpan.FromHours(48);
    const int MaxAttempts = 8;
    /// <summary>
    /// How long a batch may keep losing to other instances' writes before its answers fail. Losing is not
    /// failing: each loss waits a little (jittered, so two instances stop colliding) and decides again.
    /// </summary>
    static readonly TimeSpan ConflictBudget = TimeSpan.FromSeconds(60);

    // Captured as fields: the nested consumer reaches them through its owner.
    readonly StorageTables storage = storage;
    readonly ProgrammeStore programmes = programmes;
    readonly AnswerMailer mailer = mailer;
    readonly TimeProvider time = time;
    readonly ILogger<SeatBook> logger = logger;
    readonly ConcurrentDictionary<string, ProgrammeSeats> books = new(StringComparer.Ordinal);
    readonly CancellationTokenSource stopping = new();

    /// <param name="linkGeneration">The generation of the link the answer came through; an answer through a replaced link is refused.</param>
    public Task<AnswerOutcome> AnswerAsync(string programmeId, string participantId, Decision decision, string? reason, int? linkGeneration = null) =>
        this.Submit(programmeId, new Command(CommandKind.Answer, participantId, decision, reason, null) { LinkGeneration = linkGeneration });

    /// <summary>Ends an offer that was not taken in time; does nothing if it was taken or already ended.</summary>
    public Task<AnswerOutcome> ExpireOfferAsync(string programmeId, string participantId, DateTimeOffset expiresAt) =>
        this.Submit(programmeId, new Command(CommandKind.ExpireOffer, participantId, Decision.Decline, null, expiresAt));

    /// <summary>Takes a participant off the roster; a place they held goes to the next in line.</summary>
    public Task<AnswerOutcome> RemoveAsync(string programmeId, string participantId) =>
        this.Submit(programmeId, new Command(CommandKind.Remove, participantId, Decision.Decline, null, null));

    /// <summary>
    /// Loads a programme's roster into its consumer ahead of the first answer (when the invitations have
    /// gone out), so the first answers of a burst do not wait for it. A load only reads.
    /// </summary>
    public void Prepare(string programmeId) =>
        _ = this.Submit(programmeId, new Command(CommandKind.Prepare, "", Decision.Accept, null, null));

    /// <summary>Makes the consumer reload the roster before its next decision (after participants were added).</summary>
    public void Forget(string programmeId)
    {
        if (this.books.TryGetValue(programmeId, out var book))
        {
            book.Stale = true;
        }
    }

    Task<AnswerOutcome> Submit(string programmeId, Command command)
    {
        var book = this.books.GetOrAdd(programmeId, id => new ProgrammeSeats(this, id));
        command.Arrival = Interlocked.Increment(ref book.Arrivals);
        if (!book.Queue.Writer.TryWrite(command))
        {
            command.Result.TrySetException(new ObjectDisposedException(nameof(SeatBook)));
        }
        return command.Result.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await this.stopping.CancelAsync();
        foreach (var book in this.books.Values)
        {
            book.Queue.Writer.TryComplete();
        }
        await Task.WhenAll(this.books.Values.SelectMany(b => new[] { b.Consumer, b.Projector }));
        this.stopping.Dispose();
    }

    enum CommandKind { Answer, ExpireOffer, Remove, Prepare }

    sealed class Command(CommandKind kind, string participantId, Decision decision, string? reason, DateTimeOffset? expiresAt)
    {
        public CommandKind Kind { get; } = kind;
        public string ParticipantId { get; } = participantId;
        public Decision Decision { get; } = decision;
        public string? Reason { get; } = reason;
        public DateTimeOffset? ExpiresAt { get; } = expiresAt;
        public long Arrival { get; set; }
        public int? LinkGeneration { get; init; }
        public TaskCompletionSource<AnswerOutcome> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One programme's queue, its consumer, and the roster it decides against.</summary>
    sealed class ProgrammeSeats
    {
        readonly SeatBook owner;
        readonly string programmeId;
        SeatState? state;

        public ProgrammeSeats(SeatBook owner, string programmeId)
        {
            this.owner = owner;
            this.programmeId = programmeId;
            this.Consumer = Task.Run(this.ConsumeAsync);
            this.Projector = Task.Run(this.ProjectAsync);
        }

        public long Arrivals;
        public volatile bool Stale;
        public Channel<Command> Queue { get; } = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
        public Task Consumer { get; }
        public Task Projector { get; }
        readonly Channel<bool> journalled = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        long lastJournalled;

        /// <summary>Tells the projector a journal row was written (or that a load may have found some).</summary>
        void Journalled()
        {
            Volatile.Write(ref this.lastJournalled, Environment.TickCount64);
            this.journalled.Writer.TryWrite(true);
        }

        /// <summary>
        /// Copies the journal onto the participant rows once answers pause for 300 ms (at most 2 s after
        /// the first uncopied batch), so a burst's copies do not compete with the burst itself.
        /// </summary>
        async Task ProjectAsync()
        {
            var token = this.owner.stopping.Token;
            var failures = 0;
            try
            {
                while (true)
                {
                    await this.journalled.Reader.ReadAsync(token);
                    var first = Environment.TickCount64;
                    while (Environment.TickCount64 - Volatile.Read(ref this.lastJournalled) < 300 && Environment.TickCount64 - first < 2000)
                    {
                        await Task.Delay(100, token);
                    }
                    try
                    {
                        if (await this.owner.programmes.ProjectJournalAsync(this.programmeId, token) < 0)
                        {
                            this.Journalled(); // a roster write got in between: again shortly
                        }
                        failures = 0;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        // Storage is away: the journal waits in storage (readers lay it over the rows) and is copied later.
                        failures++;
                        this.owner.logger.LogWarning(e, "Copying the answer journal of {ProgrammeId} failed ({Failures} in a row)", this.programmeId, failures);
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures, 5))), token);
                        this.Journalled();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        async Task ConsumeAsync()
        {
            var batch = new List<Command>(MaxBatch);
            var reader = this.Queue.Reader;
            try
            {
                while (await reader.WaitToReadAsync(this.owner.stopping.Token))
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && reader.TryRead(out var command))
                    {
                        batch.Add(command);
                    }
                    await this.DecideAsync(batch);
                }
            }
            catch (OperationCanceledException)
            {
            }
            while (reader.TryRead(out var left))
            {
                left.Result.TrySetCanceled();
            }
        }

        async Task DecideAsync(List<Command> batch)
        {
            Exception? last = null;
            var conflicts = 0;
            var started = Environment.TickCount64;
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                try
                {
                    var fresh = false;
                    // Every change a decision must see (a new link, a removal, someone added again, another
                    // instance's answers) changes the seat row: one read of its ETag per batch confirms the
                    // roster held here is the stored one, so memory never decides on its own.
                    if (this.state is not null && !this.Stale && batch.Any(c => c.Kind != CommandKind.Prepare)
                        && !await this.state.IsCurrentAsync(this.owner.storage, this.programmeId, this.owner.stopping.Token))
                    {
                        this.state = null;
                    }
                    if (this.state is null || this.Stale || batch.Any(c => c.Kind != CommandKind.Prepare && !this.state.Entries.ContainsKey(c.ParticipantId)))
                    {
                        this.Stale = false;
                        this.state = await SeatState.LoadAsync(this.owner, this.programmeId, this.owner.stopping.Token);
                        fresh = true;
                        this.Journalled(); // journal rows an earlier process left uncopied, if any
                    }
                    // The definition held in memory is checked by ETag in the transaction, not read per batch.
                    if (this.state.Programme is null)
                    {
                        this.state = null; // a programme created after this answer arrived is found next time
                        foreach (var c in batch)
                        {
                            c.Result.TrySetResult(new AnswerOutcome(AnswerRefusal.UnknownProgramme, null, null, null, c.Arrival, []));
                        }
                        return;
                    }
                    var now = this.owner.time.GetUtcNow();
                    var decided = this.state.Decide(batch, now);
                    if (!fresh && decided.Outcomes.Any(o => o.Refusal is not AnswerRefusal.None))
                    {
                        // A refusal writes nothing, so no ETag would catch a roster or definition that another
                        // instance changed (a participant added again, a new link, a later deadline): read afresh first.
                        this.state = null;
                        attempt--;
                        continue;
                    }
                    SavedAnswers? saved = null;
                    if (decided.Changed.Count > 0)
                    {
                        saved = await this.state.SaveAsync(this.owner.storage, decided, now, this.owner.stopping.Token);
                        if (saved.Journalled)
                        {
                            this.Journalled();
                        }
                    }
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Result.TrySetResult(decided.Outcomes[i]);
                    }
                    if (saved?.Mails is { } owed)
                    {
                        // The fast path: mail now from here. The row stays owed until sent, so a stop loses nothing.
                        this.owner.mailer.Enqueue(new OwedAnswerMails(owed, decided.Mails));
                    }
                    return;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412)
                {
                    // Another writer (another instance, an organiser's edit) got there first: decide the whole
                    // batch again on fresh data. Not an attempt used up while within the budget: after a short
                    // jittered wait, the batch takes in what queued meanwhile, so the next write carries more.
                    last = e;
                    this.state = null;
                    conflicts++;
                    this.owner.logger.LogDebug("Seat transaction for {ProgrammeId} conflicted ({Status}); reloading (conflict {Conflicts})", this.programmeId, e.Status, conflicts);
                    if (Environment.TickCount64 - started < ConflictBudget.TotalMilliseconds)
                    {
                        attempt--;
                        await Task.Delay(Random.Shared.Next(5, 10 + 20 * Math.Min(conflicts, 10)));
                        while (batch.Count < MaxBatch && this.Queue.Reader.TryRead(out var more))
                        {
                            batch.Add(more);
                        }
                    }
                }
                catch (OperationCanceledException e)
                {
                    foreach (var c in batch)
                    {
                        c.Result.TrySetCanceled(e.CancellationToken);
                    }
                    return;
                }
                catch (Exception e)
                {
                    last = e;
                    this.state = null;
                    this.owner.logger.LogWarning(e, "Deciding answers for {ProgrammeId} failed (attempt {Attempt})", this.programmeId, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
                }
            }
            foreach (var c in batch)
            {
                c.Result.TrySetException(last ?? new InvalidOperationException("The answers could not be recorded."));
            }
        }
    }

    sealed record Decided(IReadOnlyList<AnswerOutcome> Outcomes, IReadOnlyDictionary<string, Participant> Changed, IReadOnlyList<AnswerMail> Mails,
        IReadOnlyList<SeatOffer> Offers);

    /// <summary>What a seat transaction stored: whether it wrote journal rows, and the row owing its mails, if any.</summary>
    sealed record SavedAnswers(bool Journalled, OwedRow? Mails);

    /// <summary>The roster as the consumer sees it, with the counts it decides by.</summary>
    sealed class SeatState
    {
        public Programme? Programme { get; private set; }
        public Dictionary<string, Participant> Entries { get; } = new(StringComparer.Ordinal);
        ETag definitionETag;
        ETag? seatETag;
        long nextWaitlistSeq = 1;
        long nextJournalSeq = 1;
        int taken;
        int[] quotaTaken = [];
        // In queue order, so a place in the queue is a binary search (a SortedSet view counts one by one).
        readonly SortedList<(long Seq, string Id), string> waitlist = new(Comparer<(long Seq, string Id)>.Create((a, b) =>
            a.Seq != b.Seq ? a.Seq.CompareTo(b.Seq) : string.CompareOrdinal(a.Id, b.Id)));

        /// <summary>
        /// The seat row first: whatever is written after it changes its ETag, so this state's first write
        /// fails and reloads. Then the definition, the journal, and the rows the journal is laid over.
        /// </summary>
        public static async Task<SeatState> LoadAsync(SeatBook owner, string programmeId, CancellationToken cancellationToken)
        {
            var table = await owner.storage.TableAsync(StorageTables.Programmes);
            var seats = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, SeatRowKey, cancellationToken: cancellationToken);
            var (programme, definitionETag) = await owner.programmes.FindVersionedAsync(programmeId, cancellationToken);
            var state = new SeatState { Programme = programme, definitionETag = definitionETag };
            if (seats.HasValue)
            {
                state.seatETag = seats.Value!.ETag;
                state.nextWaitlistSeq = seats.Value.GetInt64("NextWaitlistSeq") ?? 1;
                state.nextJournalSeq = seats.Value.GetInt64("NextJournalSeq") ?? 1;
            }
            foreach (var p in await owner.programmes.ParticipantsAsync(programmeId, cancellationToken))
            {
                state.Entries[p.Id] = p;
            }
            if (state.Programme is not null)
            {
                state.Recount();
            }
            return state;
        }

        /// <summary>Whether the seat row is as this state last read or wrote it.</summary>
        public async Task<bool> IsCurrentAsync(StorageTables storage, string programmeId, CancellationToken cancellationToken)
        {
            var table = await storage.TableAsync(StorageTables.Programmes);
            var seats = await table.GetEntityIfExistsAsync<TableEntity>(programmeId, SeatRowKey, select: ["RowKey"], cancellationToken: cancellationToken);
            return seats.HasValue ? this.seatETag == seats.Value!.ETag : this.seatETag is null;
        }

        void Recount()
        {
            this.quotaTaken = new int[this.Programme!.Quotas.Count];
            this.taken = 0;
            this.waitlist.Clear();
            // In queue order, so each number joins the end of the list instead of shifting it.
            foreach (var p in this.Entries.Values.OrderBy(p => p.WaitlistSeq ?? 0))
            {
                this.Count(p, +1);
                if (p.WaitlistSeq is { } seq && seq >= this.nextWaitlistSeq)
                {
                    this.nextWaitlistSeq = seq + 1;
                }
            }
        }

        static bool HoldsPlace(Participant p) => !p.Removed && p.Status is AnswerStatus.Accepted or AnswerStatus.Offered;

        static bool Matches(Quota q, Participant p) =>
            (q.Site is not null && string.Equals(q.Site, p.Site, StringComparison.OrdinalIgnoreCase)) || (q.Role is { } role && role == p.Role);

        void Count(Participant p, int sign)
        {
            if (HoldsPlace(p))
            {
                this.taken += sign;
                for (var i = 0; i < this.Programme!.Quotas.Count; i++)
                {
                    if (Matches(this.Programme.Quotas[i], p))
                    {
                        this.quotaTaken[i] += sign;
                    }
                }
            }
            if (!p.Removed && p.Status == AnswerStatus.Waitlisted && p.WaitlistSeq is { } seq)
            {
                if (sign > 0)
                {
                    this.waitlist.TryAdd((seq, p.Id), p.Id);
                }
                else
                {
                    this.waitlist.Remove((seq, p.Id));
                }
            }
        }

        bool Fits(Participant p)
        {
            if (this.Programme!.Capacity is { } capacity && this.taken >= capacity)
            {
                return false;
            }
            for (var i = 0; i < this.Programme.Quotas.Count; i++)
            {
                if (Matches(this.Programme.Quotas[i], p) && this.quotaTaken[i] >= this.Programme.Quotas[i].Places)
                {
                    return false;
                }
            }
            return true;
        }

        public int? PositionOf(Participant p) =>
            p.Status == AnswerStatus.Waitlisted && p.WaitlistSeq is { } seq
                && this.waitlist.IndexOfKey((seq, p.Id)) is >= 0 and var index
                ? index + 1
                : null;

        public Decided Decide(List<Command> batch, DateTimeOffset now)
        {
            var programme = this.Programme!;
            if (this.quotaTaken.Length != programme.Quotas.Count)
            {
                this.Recount();
            }
            var programmeNow = programme.Clock.ToProgramme(now);
            var closed = programme.CancelledAt is not null || programmeNow >= programme.EnrolmentDeadline;
            var changed = new Dictionary<string, Participant>(StringComparer.Ordinal);
            var outcomes = new List<AnswerOutcome>(batch.Count);
            var mailed = new Dictionary<string, Participant>(StringComparer.Ordinal);

            void Set(Participant before, Participant after)
            {
                this.Count(before, -1);
                this.Count(after, +1);
                this.Entries[after.Id] = after;
                changed[after.Id] = after;
                if (after.AnswerVersion != before.AnswerVersion && after.Status is AnswerStatus.Accepted or AnswerStatus.Waitlisted or AnswerStatus.Offered && !after.Removed)
                {
                    mailed[after.Id] = after;
                }
                else
                {
                    mailed.Remove(after.Id);
                }
            }

            List<SeatOffer> Promote()
            {
                var offers = new List<SeatOffer>();
                foreach (var id in this.waitlist.Values.ToList())
                {
                    if (programme.Capacity is { } capacity && this.taken >= capacity)
                    {
                        break;
                    }
                    var waiting = this.Entries[id];
                    if (!this.Fits(waiting))
                    {
                        continue;
                    }
                    var expires = programme.Clock.ToReal(programmeNow + OfferValidFor);
                    var offered = waiting with { Status = AnswerStatus.Offered, WaitlistSeq = null, OfferExpiresAt = expires, AnswerVersion = waiting.AnswerVersion + 1 };
                    Set(waiting, offered);
                    offers.Add(new SeatOffer(programme.Id, id, expires, offered.AnswerVersion));
                }
                return offers;
            }

            foreach (var command in batch)
            {
                if (!this.Entries.TryGetValue(command.ParticipantId, out var p))
                {
                    outcomes.Add(new AnswerOutcome(AnswerRefusal.UnknownParticipant, programme, null, null, command.Arrival, []));
                    continue;
                }
                var refusal = AnswerRefusal.None;
                var offers = new List<SeatOffer>();
                Participant Changed(AnswerStatus status, string? reason = null) => p with
                {
                    Status = status,
                    AnsweredAt = now,
                    DeclineReason = reason,
                    WaitlistSeq = null,
                    OfferExpiresAt = null,
                    AnswerVersion = p.AnswerVersion + 1,
                };

                if (p.Removed || (command.LinkGeneration is { } generation && generation != p.LinkGeneration))
                {
                    refusal = AnswerRefusal.Removed;
                }
                else if (command.Kind == CommandKind.Remove)
                {
                    Set(p, p with { Removed = true, WaitlistSeq = null, OfferExpiresAt = null, AnswerVersion = p.AnswerVersion + 1 });
                    offers.AddRange(Promote());
                }
                else if (command.Kind == CommandKind.ExpireOffer)
                {
                    if (p.Status == AnswerStatus.Offered && p.OfferExpiresAt == command.ExpiresAt && now >= command.ExpiresAt!.Value.AddSeconds(-1))
                    {
                        Set(p, Changed(AnswerStatus.Declined, OfferExpiredReason));
                        offers.AddRange(Promote());
                    }
                }
                else if (command.Decision == Decision.Accept)
                {
                    if (p.Status == AnswerStatus.Offered && p.OfferExpiresAt > now)
                    {
                        Set(p, Changed(AnswerStatus.Accepted));
                    }
                    else if (p.Status is AnswerStatus.Accepted or AnswerStatus.Waitlisted)
                    {
                        // A repeat: the first answer stands, and keeps its place in the queue.
                    }
                    else if (closed)
                    {
                        refusal = AnswerRefusal.Closed;
                    }
                    else if (this.Fits(p))
                    {
                        Set(p, Changed(AnswerStatus.Accepted));
                    }
                    else
                    {
                        Set(p, Changed(AnswerStatus.Waitlisted) with { WaitlistSeq = this.nextWaitlistSeq++ });
                    }
                }
                else
                {
                    var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
                    if (p.Status == AnswerStatus.Declined)
                    {
                        if (reason is not null && reason != p.DeclineReason)
                        {
                            Set(p, p with { DeclineReason = reason, AnswerVersion = p.AnswerVersion + 1 });
                        }
                    }
                    else if (closed && p.Status != AnswerStatus.Offered)
                    {
                        refusal = AnswerRefusal.Closed;
                    }
                    else
                    {
                        var held = HoldsPlace(p);
                        Set(p, Changed(AnswerStatus.Declined, reason));
                        if (held)
                        {
                            offers.AddRange(Promote());
                        }
                    }
                }
                var now_ = this.Entries[command.ParticipantId];
                outcomes.Add(new AnswerOutcome(refusal, programme, now_, this.PositionOf(now_), command.Arrival, offers));
            }
            var mails = mailed.Values.Select(p => new AnswerMail(programme, p, this.PositionOf(p), JustDecided: true)).ToList();
            return new Decided(outcomes, changed, mails, outcomes.SelectMany(o => o.NewOffers).ToList());
        }

        /// <summary>
        /// One transaction: the seat row (ETag-checked, or inserted by the first answer), the definition
        /// check, the changed answers, and the work they owe. A few answers are merged into their rows
        /// directly (nothing to copy later, which suits a steady trickle); more go as journal rows of up to
        /// 98 (a burst's batch is one row). The mails owed are one row, and the offers' expiries another
        /// (<see cref="OwedWork"/>), so at most about a dozen entities whatever the batch.
        /// </summary>
        public async Task<SavedAnswers> SaveAsync(StorageTables storage, Decided decided, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var programme = this.Programme!;
            var answers = decided.Changed.Values.Select(AnswerState.Of).ToList();
            var direct = answers.Count <= DirectUpTo;
            var journal = direct ? [] : answers.Chunk(AnswerJournal.MaxEntries).ToList();
            var seatRow = new TableEntity(programme.Id, SeatRowKey)
            {
                ["NextWaitlistSeq"] = this.nextWaitlistSeq,
                ["NextJournalSeq"] = this.nextJournalSeq + journal.Count,
                ["Taken"] = this.taken,
                ["Waitlisted"] = this.waitlist.Count,
            };
            var actions = new List<TableTransactionAction>(journal.Count + 2)
            {
                // The first answer inserts the seat row, so two instances racing to create it conflict.
                this.seatETag is { } seatETag
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, seatRow, seatETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, seatRow),
                ProgrammeStore.DefinitionUnchanged(programme.Id, this.definitionETag),
            };
            actions.AddRange(direct
                ? answers.Select(a => ProgrammeStore.AnswerMerge(programme.Id, a))
                : journal.Select((rows, i) => new TableTransactionAction(TableTransactionActionType.Add, AnswerJournal.Entity(programme.Id, this.nextJournalSeq + i, rows))));
            TableEntity? mailsRow = null;
            if (decided.Mails.Count > 0)
            {
                mailsRow = OwedWork.MailsRow(programme.Id, decided.Mails.Select(m => new OwedMail(AnswerState.Of(m.Participant), m.WaitlistPosition)).ToList(), now);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, mailsRow));
            }
            var mailsAt = actions.Count - 1;
            if (decided.Offers.Count > 0)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, OwedWork.OfferExpiryRow(programme.Id, decided.Offers, now)));
            }
            var table = await storage.TableAsync(StorageTables.Programmes);
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            var results = response.Value;
            this.seatETag = results[0].Headers.ETag ?? throw new RequestFailedException(412, "The seat row came back without an ETag.");
            this.definitionETag = results[1].Headers.ETag ?? throw new RequestFailedException(412, "The definition came back without an ETag.");
            this.nextJournalSeq += journal.Count;
            var owed = mailsRow is null ? null : OwedWork.FromEntity(mailsRow) with { ETag = results[mailsAt].Headers.ETag ?? ETag.All };
            return new SavedAnswers(journal.Count > 0, owed);
        }
    }

    public const string OfferExpiredReason = "offer-expired";
}
