using LibraryTraining.Enrolment;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Status;

/// <summary>A session on a given day of the programme.</summary>
public sealed record SessionOn(ProgrammeDay Day, Session Session);

/// <summary>
/// Where a programme stands for its organisers: the numbers, what changed since the last daily status,
/// the next two days, who is silent, and what needs someone to act. Times are real UTC instants unless
/// named otherwise; the composer shows them on the programme's clock, in its zone.
/// </summary>
public sealed record StatusReport
{
    /// <summary>An offer about to expire: one that lapses within this much programme time.</summary>
    public static readonly TimeSpan OfferExpiresSoon = TimeSpan.FromHours(24);

    public required Programme Programme { get; init; }
    /// <summary>The programme-local date the status is for.</summary>
    public required DateOnly Day { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    /// <summary>Changes are counted from here: the last daily status, or the programme's creation.</summary>
    public required DateTimeOffset Since { get; init; }
    public required bool FirstStatus { get; init; }
    public required ProgrammeCounts Counts { get; init; }
    public required IReadOnlyList<Participant> NewAnswers { get; init; }
    public required IReadOnlyList<Participant> NewDeclines { get; init; }
    public required IReadOnlyList<Participant> NotAnswered { get; init; }
    public required IReadOnlyList<Participant> Bounced { get; init; }
    public required IReadOnlyList<Participant> OffersExpiringSoon { get; init; }
    public required IReadOnlyList<SessionOn> Today { get; init; }
    public required IReadOnlyList<SessionOn> Tomorrow { get; init; }
    public required IReadOnlyList<SessionOn> WithoutHandout { get; init; }
    public required MediaCounts Media { get; init; }
    /// <summary>The timeline's next step after <see cref="AsOf"/>, in programme time; null once wrapped up.</summary>
    public ProgrammeStep? NextStep { get; init; }

    public bool NeedsAction => this.Bounced.Count > 0 || this.OffersExpiringSoon.Count > 0 || this.WithoutHandout.Count > 0;

    /// <summary>A pure function of the data: everything the status email and the dashboard show.</summary>
    public static StatusReport Build(Programme programme, IReadOnlyList<Participant> roster, MediaCounts media,
        DateTimeOffset asOf, DateTimeOffset? lastStatus)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(media);
        var programmeNow = programme.Clock.ToProgramme(asOf);
        var day = StatusSchedule.LocalDate(programme, programmeNow);
        var since = lastStatus ?? programme.CreatedAt;
        var present = roster.Where(p => !p.Removed).ToList();
        var byName = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("th-TH"), ignoreCase: true);
        bool answeredSince(Participant p) => p.AnsweredAt is { } at && at > since && at <= asOf;

        var today = SessionsOn(programme, day);
        var tomorrow = SessionsOn(programme, day.AddDays(1));
        return new StatusReport
        {
            Programme = programme,
            Day = day,
            AsOf = asOf,
            Since = since,
            FirstStatus = lastStatus is null,
            Counts = ProgrammeService.CountsOf(roster),
            NewAnswers = present.Where(p => answeredSince(p) && p.Status is AnswerStatus.Accepted or AnswerStatus.Waitlisted or AnswerStatus.Offered)
                .OrderBy(p => p.AnsweredAt).ToList(),
            NewDeclines = present.Where(p => answeredSince(p) && p.Status == AnswerStatus.Declined).OrderBy(p => p.AnsweredAt).ToList(),
            NotAnswered = present.Where(p => p.Status is AnswerStatus.Invited or AnswerStatus.NoAnswer).OrderBy(p => p.Name, byName).ToList(),
            Bounced = present.Where(p => p.Bounced).OrderBy(p => p.Name, byName).ToList(),
            OffersExpiringSoon = present
                .Where(p => p.Status == AnswerStatus.Offered && p.OfferExpiresAt is { } expires
                    && programme.Clock.ToProgramme(expires) - programmeNow <= OfferExpiresSoon)
                .OrderBy(p => p.OfferExpiresAt).ToList(),
            Today = today,
            Tomorrow = tomorrow,
            // Talks and workshops are what speakers bring slides to; a handout matters until the session ends.
            WithoutHandout = today.Concat(tomorrow)
                .Where(s => s.Session.Kind is SessionKind.Lecture or SessionKind.Workshop
                    && ProgrammeTime.EndOf(s.Day, s.Session, programme.Zone) > programmeNow
                    && media.HandoutsFor(s.Session.Id) == 0)
                .ToList(),
            Media = media,
            NextStep = programme.CancelledAt is null ? ProgrammeTimeline.Plan(programme).FirstOrDefault(s => s.Due > programmeNow) : null,
        };
    }

    /// <summary>A day's sessions in time order, including a study visit's departure.</summary>
    public static IReadOnlyList<SessionOn> SessionsOn(Programme programme, DateOnly date) =>
        programme.Days.Where(d => d.Date == date)
            .SelectMany(d => d.Sessions.OrderBy(s => s.StudyVisit?.Departure?.Time ?? s.Start).Select(s => new SessionOn(d, s)))
            .ToList();

    /// <summary>True when a decline was the waiting-list offer running out rather than the person's own answer.</summary>
    public static bool OfferLapsed(Participant participant) =>
        participant.DeclineReason == SeatBook.OfferExpiredReason;
}
