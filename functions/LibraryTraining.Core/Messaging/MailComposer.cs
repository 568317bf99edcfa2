using System.Net;
using System.Text;
using LibraryTraining.Media;
using LibraryTraining.Programmes;

namespace LibraryTraining.Messaging;

/// <summary>One email's content: a plain-text subject, an HTML part and a plain-text part.</summary>
public sealed record ComposedMail(string Subject, string Html, string Text);

/// <summary>
/// Writes the emails participants receive, in their own language (Thai or English). Every mail is
/// one phone-width column with at most one big button, because most participants read on phones.
/// All organiser- and participant-supplied text is HTML-encoded by <see cref="MailBody"/>; nothing
/// here writes markup directly.
/// </summary>
public static class MailComposer
{
    public static ComposedMail Invitation(Programme programme, Participant participant, Uri answerLink)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.InvitationHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.InvitationIntro);
        body.Facts([.. Summary(programme, words, title), new(words.AnswerBy, Deadline(programme, words))]);
        body.Button(words.AnswerButton, answerLink);
        WriteSchedule(body, programme.Days, words);
        return Finish(body, programme, words, words.InvitationSubject(title, Dates(programme, words)));
    }

    public static ComposedMail Reminder(Programme programme, Participant participant, Uri answerLink, string? organiserNote)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.ReminderHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.ReminderIntro(Deadline(programme, words)));
        if (!string.IsNullOrWhiteSpace(organiserNote))
        {
            body.Note(words.OrganiserNote, organiserNote.Trim());
        }
        body.Facts(Summary(programme, words, title));
        body.Button(words.AnswerButton, answerLink);
        return Finish(body, programme, words, words.ReminderSubject(title));
    }

    /// <param name="handouts">The handouts released by now, through this participant's link; none, no section.</param>
    public static ComposedMail Confirmation(Programme programme, Participant participant, Uri answerLink, IReadOnlyList<HandoutLink>? handouts = null)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.ConfirmationHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.ConfirmationIntro);
        body.Facts(Summary(programme, words, title));
        body.Paragraph(words.CannotComeAfterAll);
        body.Button(words.ViewAnswerButton, answerLink);
        body.Handouts(handouts);
        WriteSchedule(body, programme.Days, words);
        return Finish(body, programme, words, words.ConfirmationSubject(title));
    }

    public static ComposedMail Waitlisted(Programme programme, Participant participant, Uri answerLink, int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.WaitlistedHeading(position));
        body.Greeting(participant.Name);
        body.Paragraph(words.WaitlistedIntro);
        body.Facts(Summary(programme, words, title));
        body.Button(words.ViewAnswerButton, answerLink);
        return Finish(body, programme, words, words.WaitlistedSubject(title, position));
    }

    public static ComposedMail Offer(Programme programme, Participant participant, Uri answerLink, DateTimeOffset expiresAt)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.OfferHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.OfferIntro(ProgrammeDates.Instant(expiresAt, programme.Zone, words.Language)));
        body.Facts(Summary(programme, words, title));
        body.Button(words.OfferButton, answerLink);
        WriteSchedule(body, programme.Days, words);
        return Finish(body, programme, words, words.OfferSubject(title));
    }

    public static ComposedMail JoiningInstructions(Programme programme, Participant participant, Uri answerLink)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.JoiningHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.JoiningIntro(ProgrammeDates.DayHeading(programme.FirstDate, words.Language)));
        body.Facts(Summary(programme, words, title));

        var visitDays = programme.Days.Where(d => d.Sessions.Any(s => s.StudyVisit is not null)).ToList();
        if (visitDays.Count > 0)
        {
            // Dawn bus departures are what people miss; they get their own section before the schedule.
            body.SubHeading(words.StudyVisitTravel);
            foreach (var day in visitDays)
            {
                WriteStudyVisits(body, day, words, withDay: true);
            }
        }

        body.SubHeading(words.WhatToBring);
        body.List(visitDays.Count > 0 ? [.. words.ThingsToBring, words.StudyVisitClothing] : words.ThingsToBring);
        body.Button(words.ProgrammeButton, answerLink);
        WriteSchedule(body, programme.Days, words);
        return Finish(body, programme, words, words.JoiningSubject(title, Dates(programme, words)));
    }

    /// <param name="handouts">The handouts released when the briefing is composed (one held for a session of this day is not yet).</param>
    public static ComposedMail DailyBriefing(Programme programme, Participant participant, Uri answerLink, DateOnly day, IReadOnlyList<HandoutLink>? handouts = null)
    {
        var programmeDay = programme.Days.FirstOrDefault(d => d.Date == day)
            ?? throw new ArgumentOutOfRangeException(nameof(day), day, "The programme has no such day.");
        var (words, body, title) = Start(programme, participant, answerLink);
        var heading = ProgrammeDates.DayHeading(day, words.Language);

        body.Heading(heading);
        body.Greeting(participant.Name);
        body.Paragraph(words.BriefingIntro(title));
        // On a study-visit day the bus is the one thing that must not be missed: it comes first.
        WriteStudyVisits(body, programmeDay, words, withDay: false);
        body.SubHeading(words.DaySessions);
        WriteSessions(body, programmeDay, words);
        body.Handouts(handouts);
        body.Button(words.ProgrammeButton, answerLink);

        var firstDeparture = programmeDay.Sessions
            .Select(s => s.StudyVisit?.Departure)
            .OfType<Departure>()
            .OrderBy(d => d.Time)
            .FirstOrDefault();
        var subject = firstDeparture is null
            ? words.BriefingSubject(heading, title)
            : words.StudyVisitBriefingSubject(heading, ProgrammeDates.Time(firstDeparture.Time, words.Language), title);
        return Finish(body, programme, words, subject);
    }

    public static ComposedMail ScheduleUpdate(Programme programme, Participant participant, Uri answerLink)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.ScheduleUpdateHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.ScheduleUpdateIntro);
        body.Facts(Summary(programme, words, title));
        body.Button(words.ProgrammeButton, answerLink);
        WriteSchedule(body, programme.Days, words);
        return Finish(body, programme, words, words.ScheduleUpdateSubject(title));
    }

    public static ComposedMail Thanks(Programme programme, Participant participant, Uri answerLink)
    {
        var (words, body, title) = Start(programme, participant, answerLink);
        body.Heading(words.ThanksHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.ThanksIntro(title));
        body.Paragraph(words.FeedbackRequest);
        body.Button(words.FeedbackButton, answerLink);
        return Finish(body, programme, words, words.ThanksSubject(title));
    }

    public static ComposedMail Cancellation(Programme programme, Participant participant, string reason)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(participant);
        var words = MailWords.For(participant.Language);
        var title = TitleFor(programme, words);
        var body = new MailBody(words);
        body.Heading(words.CancellationHeading);
        body.Greeting(participant.Name);
        body.Paragraph(words.CancellationIntro(title, Dates(programme, words)));
        if (!string.IsNullOrWhiteSpace(reason))
        {
            body.Note(words.Reason, reason.Trim());
        }
        body.Paragraph(words.NothingToDo);
        return Finish(body, programme, words, words.CancellationSubject(title));
    }

    static (MailWords Words, MailBody Body, string Title) Start(Programme programme, Participant participant, Uri answerLink)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(participant);
        // The link is ours, but a wrong scheme would put a live non-web link behind the big button.
        if (answerLink is null || !MailBody.IsWebLink(answerLink))
        {
            throw new ArgumentException("The answer link must be an absolute http or https URL.", nameof(answerLink));
        }
        var words = MailWords.For(participant.Language);
        return (words, new MailBody(words), TitleFor(programme, words));
    }

    static ComposedMail Finish(MailBody body, Programme programme, MailWords words, string subject)
    {
        if (programme.Organisers.Count > 0)
        {
            var organiser = programme.Organisers[0];
            body.Footer(words.Questions(organiser.Name, organiser.Email));
        }
        return body.Build(subject);
    }

    static string TitleFor(Programme programme, MailWords words) =>
        words.IsThai || string.IsNullOrWhiteSpace(programme.TitleEn) ? programme.Title : programme.TitleEn;

    static string Dates(Programme programme, MailWords words) =>
        ProgrammeDates.DateRange(programme.FirstDate, programme.LastDate, words.Language);

    static string Deadline(Programme programme, MailWords words) =>
        ProgrammeDates.Instant(programme.EnrolmentDeadline, programme.Zone, words.Language);

    static List<MailFact> Summary(Programme programme, MailWords words, string title) =>
    [
        new(words.ProgrammeLabel, title, Emphasis: true),
        new(words.DatesLabel, Dates(programme, words)),
        new(words.VenueLabel, programme.Venue),
    ];

    static void WriteSchedule(MailBody body, IEnumerable<ProgrammeDay> days, MailWords words)
    {
        body.SubHeading(words.ScheduleHeading);
        foreach (var day in days)
        {
            body.DayHeading(ProgrammeDates.DayHeading(day.Date, words.Language));
            WriteSessions(body, day, words);
        }
    }

    static void WriteSessions(MailBody body, ProgrammeDay day, MailWords words)
    {
        foreach (var session in day.Sessions.OrderBy(s => s.Start))
        {
            var details = new List<string>();
            if (!string.IsNullOrWhiteSpace(session.Location?.Name))
            {
                details.Add($"{words.WhereLabel}: {session.Location.Name}");
            }
            if (!string.IsNullOrWhiteSpace(session.Location?.Address))
            {
                details.Add($"{words.AddressLabel}: {session.Location.Address}");
            }
            if (session.Speakers.Count > 0)
            {
                details.Add($"{words.SpeakersLabel}: {string.Join(", ", session.Speakers)}");
            }
            if (session.StudyVisit is { } visit)
            {
                details.Add($"{words.HostLabel}: {visit.Host}");
                if (visit.Departure is { } departure)
                {
                    details.Add($"{words.DepartureLabel}: {words.DepartureAt(ProgrammeDates.Time(departure.Time, words.Language), departure.Place)}");
                }
                if (visit.ReturnTime is { } back)
                {
                    details.Add($"{words.ReturnLabel}: {ProgrammeDates.Time(back, words.Language)}");
                }
            }
            body.Session(ProgrammeDates.TimeRange(session.Start, session.End, words.Language), session.Title, details, session.Location?.MapUrl);
        }
    }

    /// <summary>A highlighted box per study visit: where and when the bus leaves, the host, how to reach them.</summary>
    static void WriteStudyVisits(MailBody body, ProgrammeDay day, MailWords words, bool withDay)
    {
        foreach (var session in day.Sessions.Where(s => s.StudyVisit is not null).OrderBy(s => s.Start))
        {
            var visit = session.StudyVisit!;
            var lang = words.Language;
            body.Highlight(
                $"{words.StudyVisitLabel}: {visit.Host}",
                [
                    new(words.DayLabel, withDay ? ProgrammeDates.DayHeading(day.Date, lang) : null),
                    new(words.DeparturePointLabel, visit.Departure?.Place, Emphasis: true),
                    new(words.DepartureTimeLabel, visit.Departure is { } d ? ProgrammeDates.Time(d.Time, lang) : null, Emphasis: true),
                    new(words.VisitLabel, $"{ProgrammeDates.TimeRange(session.Start, session.End, lang)} {session.Title}"),
                    new(words.WhereLabel, session.Location?.Name),
                    new(words.AddressLabel, session.Location?.Address),
                    new(words.ContactLabel, visit.Contact),
                    new(words.ReturnLabel, visit.ReturnTime is { } r ? ProgrammeDates.Time(r, lang) : null),
                ],
                session.Location?.MapUrl);
        }
    }
}

/// <summary>A labelled value in a mail; empty values are left out rather than shown blank.</summary>
internal sealed record MailFact(string Label, string? Value, bool Emphasis = false);

/// <summary>
/// Builds the HTML and plain-text parts side by side from the same blocks, so the two never drift.
/// Every method takes plain text and encodes it; the only markup is the fixed layout below, with
/// inline styles because mail clients drop style sheets.
/// </summary>
internal sealed class MailBody(MailWords words)
{
    const string FontStack = "'Sarabun','Noto Sans Thai','Leelawadee UI',Tahoma,Arial,sans-serif";
    const string Accent = "#1a4f8b";
    const string Paragraph16 = "margin:0 0 16px;font-size:16px;line-height:1.6;";

    readonly StringBuilder html = new();
    readonly StringBuilder text = new();

    public static bool IsWebLink(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public void Heading(string plain)
    {
        html.Append($"<h1 style=\"margin:0 0 16px;font-size:24px;line-height:1.4;color:{Accent};\">{Encode(plain)}</h1>");
        text.Append(plain).Append('\n').Append(new string('=', 24)).Append("\n\n");
    }

    public void SubHeading(string plain)
    {
        html.Append($"<h2 style=\"margin:28px 0 12px;font-size:20px;line-height:1.4;color:{Accent};\">{Encode(plain)}</h2>");
        text.Append('\n').Append(plain).Append('\n').Append(new string('-', 24)).Append("\n\n");
    }

    public void DayHeading(string plain)
    {
        html.Append($"<h3 style=\"margin:20px 0 8px;padding:8px 12px;font-size:18px;line-height:1.4;background:#eef3f9;border-radius:6px;\">{Encode(plain)}</h3>");
        text.Append("* ").Append(plain).Append("\n\n");
    }

    public void Greeting(string name) => Paragraph(words.Greeting(name));

    public void Paragraph(string plain)
    {
        html.Append($"<p style=\"{Paragraph16}\">{EncodeLines(plain)}</p>");
        text.Append(plain).Append("\n\n");
    }

    /// <summary>Someone else's words (an organiser's note, a cancellation reason), set apart and quoted.</summary>
    public void Note(string label, string plain)
    {
        html.Append($"<div style=\"margin:0 0 16px;padding:12px 16px;background:#f5f5f5;border-left:4px solid #999999;font-size:16px;line-height:1.6;\"><strong>{Encode(label)}</strong><br>{EncodeLines(plain)}</div>");
        text.Append(label).Append(":\n");
        foreach (var line in Lines(plain))
        {
            text.Append("> ").Append(line).Append('\n');
        }
        text.Append('\n');
    }

    public void Facts(IEnumerable<MailFact> facts)
    {
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:0 0 16px;\">");
        foreach (var fact in facts.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
        {
            // Label above value rather than side by side: a phone screen has room for one column only.
            html.Append($"<tr><td style=\"padding:6px 0;font-size:16px;line-height:1.5;\"><span style=\"color:#555555;\">{Encode(fact.Label)}</span><br>{Value(fact)}</td></tr>");
            text.Append(fact.Label).Append(": ").Append(fact.Value).Append('\n');
        }
        html.Append("</table>");
        text.Append('\n');
    }

    public void List(IEnumerable<string> items)
    {
        html.Append("<ul style=\"margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.6;\">");
        foreach (var item in items)
        {
            html.Append($"<li style=\"margin:0 0 6px;\">{Encode(item)}</li>");
            text.Append("- ").Append(item).Append('\n');
        }
        html.Append("</ul>");
        text.Append('\n');
    }

    /// <summary>
    /// The handouts section every participant mail shares (confirmation, briefing, thanks): a heading and
    /// one link per handout, through the participant's own link, with its session and file name. Titles and
    /// names are the organiser's text, so encoded. No handouts, no section.
    /// </summary>
    public void Handouts(IReadOnlyList<HandoutLink>? handouts)
    {
        var links = handouts?.Where(h => IsWebLink(h.Url)).ToList() ?? [];
        if (links.Count == 0)
        {
            return;
        }
        SubHeading(words.HandoutsHeading);
        html.Append("<ul style=\"margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.6;\">");
        foreach (var handout in links)
        {
            var title = SingleLine(handout.Title);
            var detail = string.Join(" · ", new[] { handout.SessionTitle is { } s ? SingleLine(s) : null, handout.FileName }.Where(d => !string.IsNullOrWhiteSpace(d)));
            html.Append($"<li style=\"margin:0 0 10px;\"><a href=\"{Encode(handout.Url.AbsoluteUri)}\" style=\"color:{Accent};font-weight:bold;\">{Encode(title)}</a>");
            text.Append("- ").Append(title).Append('\n');
            if (detail.Length > 0)
            {
                html.Append($"<br><span style=\"color:#555555;\">{Encode(detail)}</span>");
                text.Append("  ").Append(detail).Append('\n');
            }
            html.Append("</li>");
            text.Append("  ").Append(handout.Url.AbsoluteUri).Append('\n');
        }
        html.Append("</ul>");
        text.Append('\n');
    }

    public void Session(string time, string title, IEnumerable<string> details, string? mapUrl)
    {
        html.Append("<div style=\"margin:0 0 12px;padding:0 0 12px;border-bottom:1px solid #e3e3e3;font-size:16px;line-height:1.5;\">");
        html.Append($"<div style=\"font-weight:bold;color:{Accent};\">{Encode(time)}</div>");
        html.Append($"<div style=\"font-size:17px;font-weight:bold;\">{EncodeLines(title)}</div>");
        text.Append(time).Append("  ").Append(title).Append('\n');
        foreach (var detail in details)
        {
            html.Append($"<div style=\"color:#444444;\">{EncodeLines(detail)}</div>");
            text.Append("    ").Append(detail).Append('\n');
        }
        MapLink(mapUrl, "    ");
        html.Append("</div>");
        text.Append('\n');
    }

    public void Highlight(string heading, IEnumerable<MailFact> facts, string? mapUrl)
    {
        html.Append("<div style=\"margin:0 0 20px;padding:16px;background:#fff4d6;border-left:6px solid #e0a000;border-radius:6px;\">");
        html.Append($"<h2 style=\"margin:0 0 12px;font-size:20px;line-height:1.4;color:#7a4b00;\">{Encode(heading)}</h2>");
        text.Append(">>> ").Append(heading).Append('\n');
        Facts(facts);
        MapLink(mapUrl, "");
        html.Append("</div>");
        text.Append('\n');
    }

    /// <summary>The one call to action: a full-width block link, easy to hit with a thumb.</summary>
    public void Button(string label, Uri link)
    {
        var href = Encode(link.AbsoluteUri);
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:24px 0;\"><tr>");
        html.Append($"<td align=\"center\" style=\"background:{Accent};border-radius:8px;\">");
        html.Append($"<a href=\"{href}\" style=\"display:block;padding:16px 24px;font-family:{FontStack};font-size:20px;font-weight:bold;line-height:1.4;color:#ffffff;text-decoration:none;border-radius:8px;\">{Encode(label)}</a>");
        html.Append("</td></tr></table>");
        text.Append(label).Append(":\n").Append(link.AbsoluteUri).Append("\n\n");
    }

    public void Footer(string plain)
    {
        html.Append($"<p style=\"margin:32px 0 0;padding-top:16px;border-top:1px solid #e3e3e3;font-size:16px;line-height:1.6;color:#555555;\">{EncodeLines(plain)}</p>");
        text.Append("--\n").Append(plain).Append('\n');
    }

    public ComposedMail Build(string subject)
    {
        subject = SingleLine(subject);
        var page = new StringBuilder();
        page.Append($"<!DOCTYPE html><html lang=\"{words.Language}\"><head><meta charset=\"utf-8\">");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append($"<title>{Encode(subject)}</title></head>");
        page.Append("<body style=\"margin:0;padding:0;background:#f2f2f2;\">");
        page.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f2f2f2;\"><tr><td align=\"center\" style=\"padding:12px 8px;\">");
        page.Append($"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;border-radius:8px;font-family:{FontStack};font-size:16px;line-height:1.6;color:#222222;\">");
        page.Append("<tr><td style=\"padding:24px 20px;\">");
        page.Append(html);
        page.Append("</td></tr></table></td></tr></table></body></html>");
        return new ComposedMail(subject, page.ToString(), TidyText(text.ToString()));
    }

    /// <summary>Blocks each end with a blank line; nested blocks would otherwise stack several.</summary>
    static string TidyText(string plain)
    {
        while (plain.Contains("\n\n\n", StringComparison.Ordinal))
        {
            plain = plain.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
        }
        return plain.Trim('\n') + "\n";
    }

    /// <summary>Subjects are a header: line breaks in organiser text would break it (or inject headers).</summary>
    public static string SingleLine(string value)
    {
        var line = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var breaks = char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
            line.Append(breaks || char.IsWhiteSpace(c) ? ' ' : c);
        }
        return string.Join(' ', line.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Only absolute http(s) map links become links; anything else is shown as inert text.</summary>
    void MapLink(string? mapUrl, string textIndent)
    {
        if (string.IsNullOrWhiteSpace(mapUrl))
        {
            return;
        }
        var trimmed = mapUrl.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && IsWebLink(uri))
        {
            html.Append($"<div style=\"margin:4px 0 0;\"><a href=\"{Encode(uri.AbsoluteUri)}\" style=\"color:{Accent};font-weight:bold;\">{Encode(words.OpenMap)}</a></div>");
            text.Append(textIndent).Append(words.OpenMap).Append(": ").Append(uri.AbsoluteUri).Append('\n');
        }
        else
        {
            html.Append($"<div style=\"color:#444444;\">{Encode(words.MapLabel)}: {Encode(trimmed)}</div>");
            text.Append(textIndent).Append(words.MapLabel).Append(": ").Append(trimmed).Append('\n');
        }
    }

    static string Value(MailFact fact) =>
        fact.Emphasis
            ? $"<strong style=\"font-size:18px;\">{EncodeLines(fact.Value!)}</strong>"
            : EncodeLines(fact.Value!);

    static string Encode(string value) => WebUtility.HtmlEncode(value);

    static string EncodeLines(string value) => string.Join("<br>", Lines(value).Select(Encode));

    static string[] Lines(string value) => value.ReplaceLineEndings("\n").Split('\n');
}

/// <summary>The strings table: every fixed phrase of every mail, once per language.</summary>
internal sealed record MailWords
{
    public required string Language { get; init; }
    public bool IsThai => Language == "th";

    public required Func<string, string> Greeting { get; init; }
    public required Func<string, string, string> Questions { get; init; }

    public required string ProgrammeLabel { get; init; }
    public required string DatesLabel { get; init; }
    public required string DayLabel { get; init; }
    public required string VenueLabel { get; init; }
    public required string WhereLabel { get; init; }
    public required string AddressLabel { get; init; }
    public required string SpeakersLabel { get; init; }
    public required string StudyVisitLabel { get; init; }
    public required string VisitLabel { get; init; }
    public required string HostLabel { get; init; }
    public required string ContactLabel { get; init; }
    public required string DepartureLabel { get; init; }
    public required string DeparturePointLabel { get; init; }
    public required string DepartureTimeLabel { get; init; }
    public required Func<string, string, string> DepartureAt { get; init; }
    public required string ReturnLabel { get; init; }
    public required string MapLabel { get; init; }
    public required string OpenMap { get; init; }
    public required string ScheduleHeading { get; init; }
    public required string DaySessions { get; init; }
    public required string AnswerBy { get; init; }

    public required string AnswerButton { get; init; }
    public required string ViewAnswerButton { get; init; }
    public required string ProgrammeButton { get; init; }
    public required string OfferButton { get; init; }
    public required string FeedbackButton { get; init; }

    public required string HandoutsHeading { get; init; }

    public required Func<string, string, string> InvitationSubject { get; init; }
    public required string InvitationHeading { get; init; }
    public required string InvitationIntro { get; init; }

    public required Func<string, string> ReminderSubject { get; init; }
    public required string ReminderHeading { get; init; }
    public required Func<string, string> ReminderIntro { get; init; }
    public required string OrganiserNote { get; init; }

    public required Func<string, string> ConfirmationSubject { get; init; }
    public required string ConfirmationHeading { get; init; }
    public required string ConfirmationIntro { get; init; }
    public required string CannotComeAfterAll { get; init; }

    public required Func<string, int, string> WaitlistedSubject { get; init; }
    public required Func<int, string> WaitlistedHeading { get; init; }
    public required string WaitlistedIntro { get; init; }

    public required Func<string, string> OfferSubject { get; init; }
    public required string OfferHeading { get; init; }
    public required Func<string, string> OfferIntro { get; init; }

    public required Func<string, string, string> JoiningSubject { get; init; }
    public required string JoiningHeading { get; init; }
    public required Func<string, string> JoiningIntro { get; init; }
    public required string StudyVisitTravel { get; init; }
    public required string WhatToBring { get; init; }
    public required IReadOnlyList<string> ThingsToBring { get; init; }
    public required string StudyVisitClothing { get; init; }

    public required Func<string, string, string> BriefingSubject { get; init; }
    public required Func<string, string, string, string> StudyVisitBriefingSubject { get; init; }
    public required Func<string, string> BriefingIntro { get; init; }

    public required Func<string, string> ScheduleUpdateSubject { get; init; }
    public required string ScheduleUpdateHeading { get; init; }
    public required string ScheduleUpdateIntro { get; init; }

    public required Func<string, string> ThanksSubject { get; init; }
    public required string ThanksHeading { get; init; }
    public required Func<string, string> ThanksIntro { get; init; }
    public required string FeedbackRequest { get; init; }

    public required Func<string, string> CancellationSubject { get; init; }
    public required string CancellationHeading { get; init; }
    public required Func<string, string, string> CancellationIntro { get; init; }
    public required string Reason { get; init; }
    public required string NothingToDo { get; init; }

    public static MailWords For(string? language) => ProgrammeDates.IsThai(language) ? Thai : English;

    // Polite official Thai, as a provincial administration writes to its staff (เรียน ..., ท่าน).
    public static MailWords Thai { get; } = new()
    {
        Language = "th",
        Greeting = name => $"เรียน {name}",
        Questions = (name, email) => $"สอบถามเพิ่มเติม: {name} ({email})",

        ProgrammeLabel = "โครงการ",
        DatesLabel = "วันที่",
        DayLabel = "วัน",
        VenueLabel = "สถานที่จัด",
        WhereLabel = "สถานที่",
        AddressLabel = "ที่อยู่",
        SpeakersLabel = "วิทยากร",
        StudyVisitLabel = "ศึกษาดูงาน",
        VisitLabel = "กิจกรรม",
        HostLabel = "หน่วยงานที่ศึกษาดูงาน",
        ContactLabel = "ผู้ประสานงาน",
        DepartureLabel = "ออกเดินทาง",
        DeparturePointLabel = "จุดขึ้นรถ",
        DepartureTimeLabel = "เวลารถออก",
        DepartureAt = (time, place) => $"{time} ณ {place}",
        ReturnLabel = "เดินทางกลับถึงโดยประมาณ",
        MapLabel = "แผนที่",
        OpenMap = "เปิดแผนที่",
        ScheduleHeading = "กำหนดการ",
        DaySessions = "กำหนดการของวัน",
        AnswerBy = "กรุณาตอบกลับภายใน",

        AnswerButton = "ตอบรับ / ปฏิเสธ",
        ViewAnswerButton = "ดูหรือเปลี่ยนคำตอบ",
        ProgrammeButton = "ดูรายละเอียดโครงการ",
        OfferButton = "รับที่นั่ง / สละสิทธิ์",
        FeedbackButton = "ตอบแบบสอบถาม",

        HandoutsHeading = "เอกสารประกอบการอบรม",

        InvitationSubject = (title, dates) => $"ขอเชิญเข้าร่วม{title} ({dates})",
        InvitationHeading = "ขอเชิญเข้าร่วมโครงการ",
        InvitationIntro = "ขอเรียนเชิญท่านเข้าร่วมโครงการตามรายละเอียดด้านล่าง กรุณากดปุ่มเพื่อตอบรับหรือปฏิเสธ",

        ReminderSubject = title => $"เตือนความจำ: กรุณาตอบรับคำเชิญ {title}",
        ReminderHeading = "กรุณาตอบรับคำเชิญ",
        ReminderIntro = deadline => $"เรายังไม่ได้รับคำตอบของท่าน กรุณาตอบรับหรือปฏิเสธภายใน {deadline}",
        OrganiserNote = "ข้อความจากผู้จัด",

        ConfirmationSubject = title => $"ยืนยันที่นั่ง: {title}",
        ConfirmationHeading = "ท่านได้รับที่นั่งแล้ว",
        ConfirmationIntro = "ขอบคุณที่ตอบรับ ท่านได้รับที่นั่งในโครงการนี้แล้ว",
        CannotComeAfterAll = "หากภายหลังไม่สามารถเข้าร่วมได้ กรุณาแจ้งผ่านลิงก์เดิมโดยเร็ว เพื่อให้ผู้อยู่ในรายชื่อสำรองได้รับที่นั่งแทน",

        WaitlistedSubject = (title, position) => $"รายชื่อสำรองลำดับที่ {position}: {title}",
        WaitlistedHeading = position => $"ท่านอยู่ลำดับที่ {position} ในรายชื่อสำรอง",
        WaitlistedIntro = "ขณะนี้ที่นั่งเต็มแล้ว หากมีที่นั่งว่าง เราจะแจ้งทางอีเมลทันที และท่านจะมีเวลาจำกัดในการตอบรับ",

        OfferSubject = title => $"มีที่นั่งว่างสำหรับท่าน: {title}",
        OfferHeading = "มีที่นั่งว่างสำหรับท่าน",
        OfferIntro = expires => $"กรุณายืนยันภายใน {expires} หากพ้นกำหนด ที่นั่งจะเสนอให้ผู้อยู่ในรายชื่อสำรองลำดับถัดไป",

        JoiningSubject = (title, dates) => $"ข้อมูลการเข้าร่วม: {title} ({dates})",
        JoiningHeading = "ข้อมูลสำหรับการเข้าร่วมโครงการ",
        JoiningIntro = start => $"โครงการจะเริ่ม{start} กรุณาอ่านกำหนดการและการเดินทางด้านล่าง",
        StudyVisitTravel = "การเดินทางไปศึกษาดูงาน",
        WhatToBring = "สิ่งที่ควรเตรียมมา",
        ThingsToBring =
        [
            "บัตรประจำตัวเจ้าหน้าที่หรือบัตรประจำตัวประชาชน",
            "โทรศัพท์มือถือที่ชาร์จแบตเตอรี่เต็ม สำหรับเช็กอินด้วย QR code และถ่ายภาพกิจกรรม",
            "สมุดบันทึกและปากกา",
            "ยาประจำตัว (ถ้ามี)",
        ],
        StudyVisitClothing = "รองเท้าและเสื้อผ้าที่สวมใส่สบายสำหรับการเดินทางไปศึกษาดูงาน",

        BriefingSubject = (day, title) => $"กำหนดการ{day}: {title}",
        StudyVisitBriefingSubject = (day, departs, title) => $"กำหนดการ{day} (รถออก {departs}): {title}",
        BriefingIntro = title => $"รายละเอียดกำหนดการประจำวันของ{title} มีดังนี้",

        ScheduleUpdateSubject = title => $"กำหนดการเปลี่ยนแปลง: {title}",
        ScheduleUpdateHeading = "กำหนดการมีการเปลี่ยนแปลง",
        ScheduleUpdateIntro = "กรุณาตรวจสอบกำหนดการล่าสุดด้านล่าง ซึ่งใช้แทนกำหนดการเดิมทั้งหมด",

        ThanksSubject = title => $"ขอบคุณที่เข้าร่วม{title}",
        ThanksHeading = "ขอบคุณที่เข้าร่วมโครงการ",
        ThanksIntro = title => $"ขอขอบคุณที่สละเวลาเข้าร่วม{title}",
        FeedbackRequest = "กรุณาตอบแบบสอบถามสั้น ๆ ความคิดเห็นของท่านจะช่วยพัฒนาโครงการครั้งต่อไป",

        CancellationSubject = title => $"ยกเลิกโครงการ: {title}",
        CancellationHeading = "ยกเลิกโครงการ",
        CancellationIntro = (title, dates) => $"ขอแจ้งให้ทราบว่า{title} ({dates}) ได้ถูกยกเลิก ขออภัยในความไม่สะดวก",
        Reason = "เหตุผล",
        NothingToDo = "ท่านไม่ต้องดำเนินการใด ๆ",
    };

    public static MailWords English { get; } = new()
    {
        Language = "en",
        Greeting = name => $"Dear {name},",
        Questions = (name, email) => $"Questions? Contact {name} ({email}).",

        ProgrammeLabel = "Programme",
        DatesLabel = "Dates",
        DayLabel = "Day",
        VenueLabel = "Venue",
        WhereLabel = "Where",
        AddressLabel = "Address",
        SpeakersLabel = "Speakers",
        StudyVisitLabel = "Study visit",
        VisitLabel = "Visit",
        HostLabel = "Host",
        ContactLabel = "Contact",
        DepartureLabel = "Departure",
        DeparturePointLabel = "Departure point",
        DepartureTimeLabel = "Departure time",
        DepartureAt = (time, place) => $"{time} from {place}",
        ReturnLabel = "Expected return",
        MapLabel = "Map",
        OpenMap = "Open the map",
        ScheduleHeading = "Schedule",
        DaySessions = "The day's sessions",
        AnswerBy = "Please answer by",

        AnswerButton = "Answer the invitation",
        ViewAnswerButton = "View or change your answer",
        ProgrammeButton = "Programme details",
        OfferButton = "Take the place or decline",
        FeedbackButton = "Give your feedback",

        HandoutsHeading = "Handouts",

        InvitationSubject = (title, dates) => $"Invitation: {title} ({dates})",
        InvitationHeading = "You are invited",
        InvitationIntro = "You are invited to take part in the programme below. Please use the button to accept or decline.",

        ReminderSubject = title => $"Reminder: please answer the invitation to {title}",
        ReminderHeading = "Please answer the invitation",
        ReminderIntro = deadline => $"We have not had your answer yet. Please accept or decline by {deadline}.",
        OrganiserNote = "A note from the organiser",

        ConfirmationSubject = title => $"You have a place: {title}",
        ConfirmationHeading = "You have a place",
        ConfirmationIntro = "Thank you for accepting. You have a place on this programme.",
        CannotComeAfterAll = "If you cannot come after all, please tell us through the same link as soon as you can, so that someone on the waiting list can have your place.",

        WaitlistedSubject = (title, position) => $"Waiting list, number {position}: {title}",
        WaitlistedHeading = position => $"You are number {position} on the waiting list",
        WaitlistedIntro = "All places are taken for now. If a place opens up we will email you at once, and you will have a limited time to take it.",

        OfferSubject = title => $"A place is free for you: {title}",
        OfferHeading = "A place has opened up for you",
        OfferIntro = expires => $"Please answer by {expires}. After that the place goes to the next person on the waiting list.",

        JoiningSubject = (title, dates) => $"Joining instructions: {title} ({dates})",
        JoiningHeading = "Joining instructions",
        JoiningIntro = start => $"The programme starts on {start}. Here is the schedule and how to get there.",
        StudyVisitTravel = "Study-visit travel",
        WhatToBring = "What to bring",
        ThingsToBring =
        [
            "Your staff card or ID card",
            "A charged phone, to check in with a QR code and take photos",
            "A notebook and pen",
            "Any medicine you take",
        ],
        StudyVisitClothing = "Comfortable shoes and clothes for the study-visit journeys",

        BriefingSubject = (day, title) => $"Your day, {day}: {title}",
        StudyVisitBriefingSubject = (day, departs, title) => $"Your day, {day} (bus leaves {departs}): {title}",
        BriefingIntro = title => $"Here is the plan for this day of {title}.",

        ScheduleUpdateSubject = title => $"Schedule changed: {title}",
        ScheduleUpdateHeading = "The schedule has changed",
        ScheduleUpdateIntro = "Please check the new schedule below. It replaces the one we sent before.",

        ThanksSubject = title => $"Thank you for joining {title}",
        ThanksHeading = "Thank you for taking part",
        ThanksIntro = title => $"Thank you for taking the time to join {title}.",
        FeedbackRequest = "Please answer a short survey. Your views will shape the next programme.",

        CancellationSubject = title => $"Cancelled: {title}",
        CancellationHeading = "The programme is cancelled",
        CancellationIntro = (title, dates) => $"We are sorry to tell you that {title} ({dates}) has been cancelled.",
        Reason = "Reason",
        NothingToDo = "You do not need to do anything.",
    };
}
