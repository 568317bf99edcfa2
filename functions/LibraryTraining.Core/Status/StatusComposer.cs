using System.Globalization;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Workflow;

namespace LibraryTraining.Status;

/// <summary>
/// The organisers' daily status email, in the organiser's language (Thai dates in the Buddhist Era).
/// It is built from the same blocks as every other mail (<see cref="MailBody"/>), so it is one
/// phone-width column and every piece of organiser- or participant-supplied text is encoded.
/// What needs action comes first: that is what an organiser reads at 07:00 on a phone.
/// </summary>
public static class StatusComposer
{
    /// <summary>Beyond this many silent participants the email names the first ones and points to the dashboard.</summary>
    public const int MaxNamesListed = 40;

    public static ComposedMail DailyStatus(StatusReport report, Organiser organiser, Uri dashboard)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(organiser);
        ArgumentNullException.ThrowIfNull(dashboard);
        var programme = report.Programme;
        var words = MailWords.For(organiser.Language);
        var w = StatusWords.For(organiser.Language);
        var lang = words.Language;
        var title = words.IsThai || string.IsNullOrWhiteSpace(programme.TitleEn) ? programme.Title : programme.TitleEn;
        var body = new MailBody(words);

        body.Heading(w.Heading);
        body.Paragraph($"{title}\n{w.AsOf(Instant(report.AsOf, programme, lang))}");
        if (report.NextStep is { } next)
        {
            body.Facts([new(w.NextStep, $"{w.Step(next.Kind)}: {ProgrammeDates.Instant(next.Due, programme.Zone, lang)}", Emphasis: true)]);
        }

        if (report.NeedsAction)
        {
            var actions = new List<string>();
            actions.AddRange(report.Bounced.Select(p => w.BouncedItem(Who(p), p.Email)));
            actions.AddRange(report.OffersExpiringSoon.Select(p => w.OfferItem(Who(p), Instant(p.OfferExpiresAt!.Value, programme, lang))));
            actions.AddRange(report.WithoutHandout.Select(s => w.NoHandoutItem(SessionLabel(s, lang), s.Session.Title)));
            body.SubHeading(w.NeedsAction);
            body.List(actions);
        }

        body.SubHeading(w.Numbers);
        var c = report.Counts;
        body.Facts([
            new(w.Invited, Number(c.Invited)),
            new(w.Accepted, programme.Capacity is { } capacity ? w.OfCapacity(c.Accepted, capacity) : Number(c.Accepted), Emphasis: true),
            new(w.Declined, Number(c.Declined)),
            new(w.NoAnswer, Number(c.Pending)),
            new(w.WaitingList, Number(c.Waitlisted)),
            new(w.Bounced, Number(c.Bounced)),
        ]);

        body.SubHeading(report.FirstStatus ? w.ChangesSinceStart : w.ChangesSince(Instant(report.Since, programme, lang)));
        if (report.NewAnswers.Count == 0 && report.NewDeclines.Count == 0)
        {
            body.Paragraph(w.NoChanges);
        }
        if (report.NewAnswers.Count > 0)
        {
            body.List(report.NewAnswers.Select(p => $"{Who(p)}: {w.Answer(p.Status)}"));
        }
        if (report.NewDeclines.Count > 0)
        {
            body.Paragraph(w.DeclinedHeading(report.NewDeclines.Count));
            body.List(report.NewDeclines.Select(p => StatusReport.OfferLapsed(p)
                ? $"{Who(p)}: {w.OfferLapsed}"
                : string.IsNullOrWhiteSpace(p.DeclineReason) ? $"{Who(p)}: {w.NoReason}" : $"{Who(p)}: {w.Reason} \u201c{p.DeclineReason.Trim()}\u201d"));
        }

        Sessions(body, w.Today(ProgrammeDates.DayHeading(report.Day, lang)), report.Today, words, w);
        Sessions(body, w.Tomorrow(ProgrammeDates.DayHeading(report.Day.AddDays(1), lang)), report.Tomorrow, words, w);

        if (report.NotAnswered.Count > 0)
        {
            body.SubHeading(w.NotAnsweredHeading(report.NotAnswered.Count));
            body.List(report.NotAnswered.Take(MaxNamesListed).Select(p => $"{Who(p)}: " + (p.LastRemindedAt is { } reminded
                ? w.LastReminded(Instant(reminded, programme, lang))
                : w.NeverReminded)));
            if (report.NotAnswered.Count > MaxNamesListed)
            {
                body.Paragraph(w.AndMore(report.NotAnswered.Count - MaxNamesListed));
            }
        }

        body.SubHeading(w.Media);
        body.Facts([new(w.Handouts, Number(report.Media.Handouts)), new(w.Photos, Number(report.Media.Photos))]);

        body.Button(w.OpenDashboard, dashboard);
        body.Footer(w.Footer(ProgrammeDates.Time(programme.StatusTime, lang)));
        return body.Build(w.Subject(ProgrammeDates.Date(report.Day, lang), title));
    }

    static void Sessions(MailBody body, string heading, IReadOnlyList<SessionOn> sessions, MailWords words, StatusWords w)
    {
        body.SubHeading(heading);
        if (sessions.Count == 0)
        {
            body.Paragraph(w.NoSessions);
            return;
        }
        var lang = words.Language;
        foreach (var (_, session) in sessions)
        {
            var details = new List<string>();
            if (session.StudyVisit is { } visit)
            {
                if (visit.Departure is { } departure)
                {
                    details.Add($"{words.DepartureLabel}: {words.DepartureAt(ProgrammeDates.Time(departure.Time, lang), departure.Place)}");
                }
                details.Add($"{words.HostLabel}: {visit.Host}");
                if (!string.IsNullOrWhiteSpace(visit.Contact))
                {
                    details.Add($"{words.ContactLabel}: {visit.Contact}");
                }
            }
            if (!string.IsNullOrWhiteSpace(session.Location?.Name))
            {
                details.Add($"{words.WhereLabel}: {session.Location.Name}");
            }
            body.Session(ProgrammeDates.TimeRange(session.Start, session.End, lang), session.Title, details, null);
        }
    }

    static string Who(Participant p) => string.IsNullOrWhiteSpace(p.Site) ? p.Name : $"{p.Name} ({p.Site})";

    static string SessionLabel(SessionOn s, string lang) =>
        $"{ProgrammeDates.Date(s.Day.Date, lang)} {ProgrammeDates.Time(s.Session.Start, lang)}";

    /// <summary>A real instant as the programme's own clock and zone show it.</summary>
    internal static string Instant(DateTimeOffset real, Programme programme, string lang) =>
        ProgrammeDates.Instant(programme.Clock.ToProgramme(real), programme.Zone, lang);

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The status email's and dashboard's fixed phrases, once per language.</summary>
internal sealed record StatusWords
{
    public required Func<string, string, string> Subject { get; init; }
    public required string Heading { get; init; }
    public required Func<string, string> AsOf { get; init; }
    public required string NextStep { get; init; }
    public required Func<StepKind, string> Step { get; init; }
    public required string NeedsAction { get; init; }
    public required Func<string, string, string> BouncedItem { get; init; }
    public required Func<string, string, string> OfferItem { get; init; }
    public required Func<string, string, string> NoHandoutItem { get; init; }
    public required string Numbers { get; init; }
    public required string Invited { get; init; }
    public required string Accepted { get; init; }
    public required Func<int, int, string> OfCapacity { get; init; }
    public required string Declined { get; init; }
    public required string NoAnswer { get; init; }
    public required string WaitingList { get; init; }
    public required string Bounced { get; init; }
    public required string ChangesSinceStart { get; init; }
    public required Func<string, string> ChangesSince { get; init; }
    public required string NoChanges { get; init; }
    public required Func<AnswerStatus, string> Answer { get; init; }
    public required Func<int, string> DeclinedHeading { get; init; }
    public required string Reason { get; init; }
    public required string NoReason { get; init; }
    public required string OfferLapsed { get; init; }
    public required Func<string, string> Today { get; init; }
    public required Func<string, string> Tomorrow { get; init; }
    public required string NoSessions { get; init; }
    public required Func<int, string> NotAnsweredHeading { get; init; }
    public required Func<string, string> LastReminded { get; init; }
    public required string NeverReminded { get; init; }
    public required Func<int, string> AndMore { get; init; }
    public required string Media { get; init; }
    public required string Handouts { get; init; }
    public required string Photos { get; init; }
    public required string OpenDashboard { get; init; }
    public required Func<string, string> Footer { get; init; }

    public static StatusWords For(string? language) => ProgrammeDates.IsThai(language) ? Thai : English;

    public static StatusWords Thai { get; } = new()
    {
        Subject = (date, title) => $"สรุปสถานะประจำวันที่ {date}: {title}",
        Heading = "สรุปสถานะประจำวัน",
        AsOf = instant => $"ข้อมูล ณ {instant}",
        NextStep = "ขั้นตอนถัดไป",
        Step = kind => kind switch
        {
            StepKind.Invite => "ส่งหนังสือเชิญ",
            StepKind.Reminder => "ส่งคำเตือนถึงผู้ที่ยังไม่ตอบ",
            StepKind.CloseEnrolment => "ปิดรับคำตอบ",
            StepKind.JoiningInstructions => "ส่งข้อมูลการเข้าร่วม",
            StepKind.DailyBriefing => "ส่งกำหนดการประจำวัน",
            StepKind.WrapUp => "ส่งคำขอบคุณและแบบสอบถาม",
            _ => kind.ToString(),
        },
        NeedsAction = "ต้องดำเนินการ",
        BouncedItem = (who, email) => $"ส่งอีเมลไม่ถึง: {who} <{email}> กรุณาตรวจสอบที่อยู่อีเมล",
        OfferItem = (who, expires) => $"ที่นั่งที่เสนอให้ {who} จะหมดเวลา {expires}",
        NoHandoutItem = (when, session) => $"ยังไม่มีเอกสารประกอบ: {session} ({when})",
        Numbers = "ตัวเลขล่าสุด",
        Invited = "ส่งคำเชิญแล้ว",
        Accepted = "ตอบรับ",
        OfCapacity = (accepted, capacity) => $"{accepted} จาก {capacity} ที่นั่ง",
        Declined = "ปฏิเสธ",
        NoAnswer = "ยังไม่ตอบ",
        WaitingList = "รายชื่อสำรอง",
        Bounced = "ส่งอีเมลไม่ถึง",
        ChangesSinceStart = "ความเคลื่อนไหวตั้งแต่เริ่มโครงการ",
        ChangesSince = since => $"ความเคลื่อนไหวตั้งแต่ {since}",
        NoChanges = "ไม่มีคำตอบใหม่",
        Answer = status => status switch
        {
            AnswerStatus.Accepted => "ตอบรับ ได้ที่นั่ง",
            AnswerStatus.Waitlisted => "ตอบรับ อยู่ในรายชื่อสำรอง",
            AnswerStatus.Offered => "ได้รับการเสนอที่นั่ง",
            AnswerStatus.Declined => "ปฏิเสธ",
            _ => "ยังไม่ตอบ",
        },
        DeclinedHeading = n => $"ปฏิเสธ {n} คน:",
        Reason = "เหตุผล",
        NoReason = "ไม่ระบุเหตุผล",
        OfferLapsed = "ไม่ได้ยืนยันที่นั่งที่เสนอภายในเวลา",
        Today = day => $"วันนี้ ({day})",
        Tomorrow = day => $"พรุ่งนี้ ({day})",
        NoSessions = "ไม่มีกิจกรรม",
        NotAnsweredHeading = n => $"ยังไม่ตอบ {n} คน",
        LastReminded = at => $"เตือนล่าสุด {at}",
        NeverReminded = "ยังไม่เคยเตือน",
        AndMore = n => $"และอีก {n} คน ดูรายชื่อทั้งหมดในหน้าภาพรวม",
        Media = "เอกสารประกอบและภาพถ่าย",
        Handouts = "เอกสารประกอบ",
        Photos = "ภาพถ่าย",
        OpenDashboard = "เปิดหน้าภาพรวมโครงการ",
        Footer = time => $"อีเมลนี้ส่งถึงผู้จัดโครงการทุกวัน เวลา {time}",
    };

    public static StatusWords English { get; } = new()
    {
        Subject = (date, title) => $"Daily status, {date}: {title}",
        Heading = "Daily status",
        AsOf = instant => $"As of {instant}",
        NextStep = "Next step",
        Step = kind => kind switch
        {
            StepKind.Invite => "send the invitations",
            StepKind.Reminder => "remind those who have not answered",
            StepKind.CloseEnrolment => "close enrolment",
            StepKind.JoiningInstructions => "send joining instructions",
            StepKind.DailyBriefing => "send the day's briefing",
            StepKind.WrapUp => "send thanks and the feedback request",
            _ => kind.ToString(),
        },
        NeedsAction = "Needs action",
        BouncedItem = (who, email) => $"Email bounced: {who} <{email}>. Check the address.",
        OfferItem = (who, expires) => $"The place offered to {who} lapses {expires}.",
        NoHandoutItem = (when, session) => $"No handout yet: {session} ({when})",
        Numbers = "The numbers",
        Invited = "Invited",
        Accepted = "Accepted",
        OfCapacity = (accepted, capacity) => $"{accepted} of {capacity} places",
        Declined = "Declined",
        NoAnswer = "No answer",
        WaitingList = "Waiting list",
        Bounced = "Bounced",
        ChangesSinceStart = "What happened since the start",
        ChangesSince = since => $"What changed since {since}",
        NoChanges = "No new answers.",
        Answer = status => status switch
        {
            AnswerStatus.Accepted => "accepted, has a place",
            AnswerStatus.Waitlisted => "accepted, on the waiting list",
            AnswerStatus.Offered => "offered a place",
            AnswerStatus.Declined => "declined",
            _ => "no answer",
        },
        DeclinedHeading = n => n == 1 ? "1 person declined:" : $"{n} people declined:",
        Reason = "reason:",
        NoReason = "no reason given",
        OfferLapsed = "did not take the offered place in time",
        Today = day => $"Today ({day})",
        Tomorrow = day => $"Tomorrow ({day})",
        NoSessions = "Nothing scheduled.",
        NotAnsweredHeading = n => n == 1 ? "1 person has not answered" : $"{n} people have not answered",
        LastReminded = at => $"last reminded {at}",
        NeverReminded = "not reminded yet",
        AndMore = n => $"And {n} more: see the dashboard for everyone.",
        Media = "Handouts and photos",
        Handouts = "Handouts",
        Photos = "Photos",
        OpenDashboard = "Open the dashboard",
        Footer = time => $"Organisers get this email every day at {time}.",
    };
}
