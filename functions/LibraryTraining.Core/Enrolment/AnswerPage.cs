using System.Globalization;
using System.Net;
using System.Text;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Enrolment;

/// <summary>
/// The page behind a participant's link: one phone-width column, big buttons, Thai or English. Every
/// piece of organiser- or participant-supplied text goes through <see cref="E"/>; the only markup is
/// the fixed layout here. Forms post back to the same address, so the link itself is all a person needs.
/// </summary>
public static class AnswerPage
{
    const string FontStack = "'Noto Sans Thai','Sarabun','Loma','Garuda',Tahoma,sans-serif";

    /// <param name="mediaSection">Handouts and photos for someone with a place (Media.ParticipantMedia), placed before the folded-away decline.</param>
    public static (int Status, string Html) Render(AnswerView view, string? lang, string token, string? mediaSection = null)
    {
        var thai = view.Participant is { } p && lang is null ? ProgrammeDates.IsThai(p.Language) : lang is null || ProgrammeDates.IsThai(lang);
        var w = thai ? Words.Thai : Words.English;
        var page = new StringBuilder();
        switch (view.Link)
        {
            case LinkState.Unknown:
                Error(page, Words.Thai.UnknownLink, Words.English.UnknownLink);
                return (404, Wrap(page, "th", $"{Words.Thai.UnknownTitle} / {Words.English.UnknownTitle}", null));
            case LinkState.Expired:
                Error(page, Words.Thai.ExpiredLink, Words.English.ExpiredLink);
                return (410, Wrap(page, "th", $"{Words.Thai.ExpiredTitle} / {Words.English.ExpiredTitle}", null));
            case LinkState.Revoked:
                Error(page, Words.Thai.RevokedLink, Words.English.RevokedLink);
                return (410, Wrap(page, "th", $"{Words.Thai.RevokedTitle} / {Words.English.RevokedTitle}", null));
        }

        var programme = view.Programme!;
        var participant = view.Participant!;
        var language = thai ? "th" : "en";
        var title = thai || string.IsNullOrWhiteSpace(programme.TitleEn) ? programme.Title : programme.TitleEn;
        var self = $"/api/rsvp/{Uri.EscapeDataString(token)}";
        var status = WireNames.Of(participant.Status);

        page.Append(CultureInfo.InvariantCulture, $"<main data-status=\"{status}\" data-position=\"{view.WaitlistPosition}\">");
        page.Append(CultureInfo.InvariantCulture, $"<nav class=\"lang\"><a href=\"{self}?lang=th\" lang=\"th\"{(thai ? " aria-current=\"page\"" : "")}>ไทย</a> · <a href=\"{self}?lang=en\" lang=\"en\"{(thai ? "" : " aria-current=\"page\"")}>English</a></nav>");
        page.Append("<h1>").Append(E(title)).Append("</h1>");
        page.Append("<p class=\"greeting\">").Append(E(w.Greeting(participant.Name))).Append("</p>");
        Facts(page, [
            (w.Dates, ProgrammeDates.DateRange(programme.FirstDate, programme.LastDate, language)),
            (w.Venue, programme.Venue),
            (w.AnswerBy, ProgrammeDates.Instant(programme.EnrolmentDeadline, programme.Zone, language)),
        ]);

        if (view.Problems is { Count: > 0 } problems)
        {
            page.Append("<div class=\"problem\" role=\"alert\"><ul>");
            foreach (var problem in problems)
            {
                page.Append("<li>").Append(E(problem.Message)).Append("</li>");
            }
            page.Append("</ul></div>");
        }
        if (view.Refusal == AnswerRefusal.Closed)
        {
            page.Append("<div class=\"problem\" role=\"alert\">").Append(E(w.ClosedNotRecorded)).Append("</div>");
        }

        // Where the participant stands, in one sentence.
        var banner = participant.Status switch
        {
            AnswerStatus.Accepted => ("ok", w.YouHaveAPlace),
            AnswerStatus.Waitlisted => ("wait", w.Waitlisted(view.WaitlistPosition ?? 1)),
            AnswerStatus.Offered => ("offer", w.Offered(ProgrammeDates.Instant(programme.Clock.ToProgramme(participant.OfferExpiresAt ?? DateTimeOffset.UtcNow), programme.Zone, language))),
            AnswerStatus.Declined => ("declined", participant.DeclineReason == SeatBook.OfferExpiredReason ? w.OfferExpired : w.YouDeclined),
            _ => ("", w.PleaseAnswer),
        };
        page.Append(CultureInfo.InvariantCulture, $"<p class=\"banner {banner.Item1}\" role=\"status\">{E(banner.Item2)}</p>");

        var later = new StringBuilder();
        var canChange = !view.EnrolmentClosed || participant.Status == AnswerStatus.Offered;
        if (programme.CancelledAt is not null)
        {
            page.Append("<p class=\"closed\">").Append(E(w.Cancelled)).Append("</p>");
        }
        else if (canChange)
        {
            if (participant.Status is not (AnswerStatus.Accepted or AnswerStatus.Waitlisted))
            {
                page.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{self}?lang={language}\"><input type=\"hidden\" name=\"decision\" value=\"accept\"><button class=\"accept\" type=\"submit\">{E(participant.Status == AnswerStatus.Offered ? w.TakePlace : w.Accept)}</button></form>");
            }
            if (participant.Status != AnswerStatus.Declined)
            {
                var form = participant.Status is AnswerStatus.Accepted or AnswerStatus.Waitlisted ? later : page;
                // Once someone has a place or a queue number, declining is the rare path: folded away, after the details.
                if (form == later)
                {
                    later.Append("<details class=\"change\"><summary>").Append(E(w.CannotComeAfterAll)).Append("</summary>");
                }
                form.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{self}?lang={language}\" class=\"decline\"><input type=\"hidden\" name=\"decision\" value=\"decline\">");
                form.Append(CultureInfo.InvariantCulture, $"<label for=\"reason\">{E(w.ReasonOptional)}</label><textarea id=\"reason\" name=\"reason\" rows=\"2\" maxlength=\"500\"></textarea>");
                form.Append(CultureInfo.InvariantCulture, $"<button class=\"secondary\" type=\"submit\">{E(w.Decline)}</button></form>");
                if (form == later)
                {
                    later.Append("</details>");
                }
            }
        }
        else
        {
            var organiser = programme.Organisers.Count > 0 ? programme.Organisers[0] : null;
            page.Append("<p class=\"closed\">").Append(E(w.ClosedContact(organiser?.Name ?? "", organiser?.Email ?? ""))).Append("</p>");
        }

        if (participant.Status is AnswerStatus.Accepted or AnswerStatus.Waitlisted or AnswerStatus.Offered && programme.RegistrationFields.Count > 0 && programme.CancelledAt is null)
        {
            DetailsForm(page, programme, view, w, self, language);
        }
        if (participant.Status == AnswerStatus.Accepted)
        {
            page.Append(CultureInfo.InvariantCulture, $"<p><a class=\"button secondary\" href=\"{self}/calendar.ics\">{E(w.AddToCalendar)}</a></p>");
        }
        page.Append(mediaSection);
        page.Append(later);

        Schedule(page, programme, w, language);
        page.Append("</main>");
        return (200, Wrap(page, language, title, w));
    }

    static void DetailsForm(StringBuilder page, Programme programme, AnswerView view, Words w, string self, string language)
    {
        var d = view.Details;
        page.Append("<section class=\"details\"><h2>").Append(E(w.DetailsHeading)).Append("</h2>");
        if (view.DetailsSaved)
        {
            page.Append("<p class=\"banner ok\" role=\"status\">").Append(E(w.DetailsSaved)).Append("</p>");
        }
        page.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{self}/details?lang={language}\">");
        foreach (var field in programme.RegistrationFields)
        {
            switch (field)
            {
                case RegistrationField.Dietary:
                    Input(page, "dietary", w.Dietary, d?.Dietary, "text");
                    break;
                case RegistrationField.Phone:
                    Input(page, "phone", w.Phone, d?.Phone, "tel");
                    break;
                case RegistrationField.EmergencyContact:
                    Input(page, "emergencyContact", w.EmergencyContact, d?.EmergencyContact, "text");
                    break;
                case RegistrationField.Accommodation:
                    page.Append(CultureInfo.InvariantCulture, $"<label class=\"check\"><input type=\"checkbox\" name=\"accommodation\" value=\"yes\"{(d?.Accommodation == true ? " checked" : "")}> {E(w.Accommodation)}</label>");
                    break;
            }
        }
        page.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{E(w.SaveDetails)}</button></form></section>");
    }

    static void Input(StringBuilder page, string name, string label, string? value, string type) =>
        page.Append(CultureInfo.InvariantCulture, $"<label for=\"{name}\">{E(label)}</label><input id=\"{name}\" name=\"{name}\" type=\"{type}\" maxlength=\"{RegistrationDetails.MaxText}\" value=\"{E(value ?? "")}\">");

    static void Schedule(StringBuilder page, Programme programme, Words w, string language)
    {
        page.Append("<section class=\"schedule\"><h2>").Append(E(w.Schedule)).Append("</h2>");
        foreach (var day in programme.Days)
        {
            page.Append("<h3>").Append(E(ProgrammeDates.DayHeading(day.Date, language))).Append("</h3><ul class=\"sessions\">");
            foreach (var s in day.Sessions)
            {
                page.Append("<li><span class=\"time\">").Append(E(ProgrammeDates.TimeRange(s.Start, s.End, language))).Append("</span> ");
                page.Append("<strong>").Append(E(s.Title)).Append("</strong>");
                if (s.Location?.Name is { } where)
                {
                    page.Append("<br><span class=\"muted\">").Append(E(where)).Append("</span>");
                }
                if (s.StudyVisit is { } visit)
                {
                    page.Append("<div class=\"visit\"><b>").Append(E(w.StudyVisit)).Append(":</b> ").Append(E(visit.Host));
                    if (visit.Departure is { } dep)
                    {
                        page.Append("<br><b>").Append(E(w.BusDeparts)).Append(":</b> ").Append(E($"{ProgrammeDates.Time(dep.Time, language)} · {dep.Place}"));
                    }
                    if (visit.ReturnTime is { } back)
                    {
                        page.Append("<br>").Append(E(w.Return)).Append(": ").Append(E(ProgrammeDates.Time(back, language)));
                    }
                    if (visit.Contact is { } contact)
                    {
                        page.Append("<br>").Append(E(w.Contact)).Append(": ").Append(E(contact));
                    }
                    page.Append("</div>");
                }
                page.Append("</li>");
            }
            page.Append("</ul>");
        }
        page.Append("</section>");
    }

    static void Facts(StringBuilder page, IEnumerable<(string Label, string? Value)> facts)
    {
        page.Append("<dl>");
        foreach (var (label, value) in facts.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
        {
            page.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value!)).Append("</dd>");
        }
        page.Append("</dl>");
    }

    static void Error(StringBuilder page, string thai, string english) =>
        page.Append("<main><h1 lang=\"th\">").Append(E(thai)).Append("</h1><p lang=\"en\">").Append(E(english)).Append("</p></main>");

    static string Wrap(StringBuilder body, string language, string title, Words? w) =>
        $$"""
        <!doctype html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
        <title>{{E(title)}}</title>
        <style>
        body{margin:0;background:#f2f2f2;color:#222;font-family:{{FontStack}};font-size:18px;line-height:1.6}
        main{max-width:600px;margin:0 auto;padding:16px;background:#fff;min-height:100vh;box-sizing:border-box}
        h1{font-size:24px;line-height:1.4;color:#1a4f8b;margin:8px 0 12px}h2{font-size:20px;color:#1a4f8b;margin:24px 0 8px}
        h3{font-size:18px;background:#eef3f9;padding:6px 10px;border-radius:6px;margin:16px 0 8px}
        dl{margin:0 0 16px}dt{color:#555;font-size:15px}dd{margin:0 0 8px;font-weight:bold}
        .lang{text-align:right;font-size:16px}.lang a{color:#1a4f8b;padding:8px}.lang a[aria-current]{font-weight:bold;text-decoration:none}
        .banner{padding:12px 16px;border-radius:8px;background:#eef3f9;font-weight:bold}.banner.ok{background:#e3f4e6;color:#17612a}
        .banner.wait,.banner.offer{background:#fff4dc;color:#7a4b00}.banner.declined{background:#f3f3f3}
        .problem{padding:12px 16px;border-radius:8px;background:#fde8e8;color:#8b1a1a;margin:12px 0}
        form{margin:16px 0}label{display:block;margin:12px 0 4px;font-size:16px}label.check{display:flex;gap:8px;align-items:center}
        input[type=text],input[type=tel],textarea{width:100%;box-sizing:border-box;font:inherit;padding:12px;border:1px solid #bbb;border-radius:8px}
        input[type=checkbox]{width:24px;height:24px}
        button,.button{display:block;width:100%;box-sizing:border-box;margin:12px 0 0;padding:16px;font:inherit;font-size:20px;font-weight:bold;
          text-align:center;text-decoration:none;border:0;border-radius:10px;background:#1a4f8b;color:#fff;cursor:pointer}
        button.accept{background:#17612a}button.secondary,.button.secondary{background:#fff;color:#1a4f8b;border:2px solid #1a4f8b}
        .sessions{list-style:none;padding:0;margin:0}.sessions li{padding:8px 0;border-bottom:1px solid #eee}.time{color:#1a4f8b;font-weight:bold}
        .muted{color:#555;font-size:16px}.visit{margin:6px 0 0;padding:8px 12px;background:#fff4dc;border-radius:6px;font-size:16px}
        .closed{padding:12px 16px;background:#f3f3f3;border-radius:8px}
        details.change{margin:20px 0;padding:12px 16px;border:1px solid #ddd;border-radius:8px}details.change summary{cursor:pointer;color:#1a4f8b;min-height:32px}
        </style></head><body>{{body}}</body></html>
        """;

    static string E(string value) => WebUtility.HtmlEncode(value);

    sealed record Words
    {
        public required Func<string, string> Greeting { get; init; }
        public required string Dates { get; init; }
        public required string Venue { get; init; }
        public required string AnswerBy { get; init; }
        public required string PleaseAnswer { get; init; }
        public required string Accept { get; init; }
        public required string TakePlace { get; init; }
        public required string Decline { get; init; }
        public required string CannotComeAfterAll { get; init; }
        public required string ReasonOptional { get; init; }
        public required string YouHaveAPlace { get; init; }
        public required Func<int, string> Waitlisted { get; init; }
        public required Func<string, string> Offered { get; init; }
        public required string OfferExpired { get; init; }
        public required string YouDeclined { get; init; }
        public required string ClosedNotRecorded { get; init; }
        public required Func<string, string, string> ClosedContact { get; init; }
        public required string Cancelled { get; init; }
        public required string DetailsHeading { get; init; }
        public required string DetailsSaved { get; init; }
        public required string Dietary { get; init; }
        public required string Phone { get; init; }
        public required string EmergencyContact { get; init; }
        public required string Accommodation { get; init; }
        public required string SaveDetails { get; init; }
        public required string AddToCalendar { get; init; }
        public required string Schedule { get; init; }
        public required string StudyVisit { get; init; }
        public required string BusDeparts { get; init; }
        public required string Return { get; init; }
        public required string Contact { get; init; }
        public required string UnknownTitle { get; init; }
        public required string UnknownLink { get; init; }
        public required string ExpiredTitle { get; init; }
        public required string ExpiredLink { get; init; }
        public required string RevokedTitle { get; init; }
        public required string RevokedLink { get; init; }

        public static Words Thai { get; } = new()
        {
            Greeting = name => $"เรียน {name}",
            Dates = "วันที่",
            Venue = "สถานที่จัด",
            AnswerBy = "กรุณาตอบกลับภายใน",
            PleaseAnswer = "กรุณาตอบรับหรือปฏิเสธคำเชิญ",
            Accept = "ตอบรับเข้าร่วม",
            TakePlace = "รับที่นั่ง",
            Decline = "ไม่สามารถเข้าร่วมได้",
            CannotComeAfterAll = "ไม่สามารถเข้าร่วมได้แล้ว?",
            ReasonOptional = "เหตุผล (ไม่บังคับ)",
            YouHaveAPlace = "ท่านได้รับที่นั่งแล้ว",
            Waitlisted = n => $"ที่นั่งเต็มแล้ว ท่านอยู่ลำดับที่ {n} ในรายชื่อสำรอง",
            Offered = expires => $"มีที่นั่งว่างสำหรับท่าน กรุณายืนยันภายใน {expires}",
            OfferExpired = "พ้นกำหนดยืนยันที่นั่งแล้ว ที่นั่งได้เสนอให้ผู้อยู่ลำดับถัดไป",
            YouDeclined = "ท่านแจ้งว่าไม่สามารถเข้าร่วมได้ หากเปลี่ยนใจ กดตอบรับได้จนถึงวันปิดรับ",
            ClosedNotRecorded = "ปิดรับคำตอบแล้ว คำตอบนี้ไม่ได้บันทึก",
            ClosedContact = (name, email) => $"ปิดรับคำตอบแล้ว หากต้องการเปลี่ยนแปลง กรุณาติดต่อผู้จัด: {name} ({email})",
            Cancelled = "โครงการนี้ถูกยกเลิกแล้ว",
            DetailsHeading = "ข้อมูลเพิ่มเติม (ไม่บังคับ)",
            DetailsSaved = "บันทึกข้อมูลแล้ว ขอบคุณค่ะ",
            Dietary = "อาหาร (เช่น มังสวิรัติ อิสลาม แพ้อาหาร)",
            Phone = "เบอร์โทรศัพท์มือถือ",
            EmergencyContact = "ผู้ติดต่อกรณีฉุกเฉิน (ชื่อและเบอร์โทร)",
            Accommodation = "ต้องการที่พัก",
            SaveDetails = "บันทึกข้อมูล",
            AddToCalendar = "เพิ่มลงปฏิทิน",
            Schedule = "กำหนดการ",
            StudyVisit = "ศึกษาดูงาน",
            BusDeparts = "รถออก",
            Return = "เดินทางกลับถึงโดยประมาณ",
            Contact = "ผู้ประสานงาน",
            UnknownTitle = "ไม่พบลิงก์นี้",
            UnknownLink = "ไม่พบลิงก์นี้ กรุณาตรวจสอบว่าคัดลอกลิงก์จากอีเมลครบถ้วน หรือติดต่อผู้จัดโครงการ",
            ExpiredTitle = "ลิงก์หมดอายุ",
            ExpiredLink = "ลิงก์นี้หมดอายุแล้ว เนื่องจากโครงการสิ้นสุดแล้ว หากต้องการความช่วยเหลือ กรุณาติดต่อผู้จัดโครงการ",
            RevokedTitle = "ลิงก์ถูกยกเลิก",
            RevokedLink = "ลิงก์นี้ถูกยกเลิกแล้ว ผู้จัดอาจส่งลิงก์ใหม่ให้ท่าน กรุณาใช้ลิงก์ในอีเมลฉบับล่าสุด หรือติดต่อผู้จัดโครงการ",
        };

        public static Words English { get; } = new()
        {
            Greeting = name => $"Dear {name},",
            Dates = "Dates",
            Venue = "Venue",
            AnswerBy = "Please answer by",
            PleaseAnswer = "Please accept or decline the invitation.",
            Accept = "Accept",
            TakePlace = "Take the place",
            Decline = "I cannot come",
            CannotComeAfterAll = "Cannot come after all?",
            ReasonOptional = "Reason (optional)",
            YouHaveAPlace = "You have a place.",
            Waitlisted = n => $"All places are taken. You are number {n} on the waiting list.",
            Offered = expires => $"A place is free for you. Please take it by {expires}.",
            OfferExpired = "The time to take the offered place has passed; it went to the next person.",
            YouDeclined = "You told us you cannot come. If that changes, you can accept until enrolment closes.",
            ClosedNotRecorded = "Enrolment has closed; this answer was not recorded.",
            ClosedContact = (name, email) => $"Enrolment has closed. To change your answer, please contact the organiser: {name} ({email}).",
            Cancelled = "This programme has been cancelled.",
            DetailsHeading = "A few details (optional)",
            DetailsSaved = "Your details are saved. Thank you.",
            Dietary = "Food (for example vegetarian, halal, allergies)",
            Phone = "Mobile phone",
            EmergencyContact = "Emergency contact (name and phone)",
            Accommodation = "I need accommodation",
            SaveDetails = "Save details",
            AddToCalendar = "Add to calendar",
            Schedule = "Schedule",
            StudyVisit = "Study visit",
            BusDeparts = "Bus departs",
            Return = "Expected return",
            Contact = "Contact",
            UnknownTitle = "Link not found",
            UnknownLink = "We do not know this link. Check that you copied the whole link from the email, or contact the organiser.",
            ExpiredTitle = "Link expired",
            ExpiredLink = "This link has expired because the programme is over. If you need help, contact the organiser.",
            RevokedTitle = "Link replaced",
            RevokedLink = "This link no longer works; the organiser may have sent you a new one. Use the link in the latest email, or contact the organiser.",
        };
    }
}
