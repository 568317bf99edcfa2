using LibraryTraining.Messaging;

namespace LibraryTraining.Tests.Messaging;

/// <summary>
/// The seed programme in small: Phitsanulok PAO's three-day library training, 14–16 February 2561,
/// with the opening ceremony, training, and two study visits. Contacts and addresses are made up.
/// </summary>
public static class MessagingFixtures
{
    public const string ThaiTitle = "โครงการฝึกอบรมและศึกษาดูงานส่งเสริมพัฒนาคุณภาพการบริการห้องสมุด";
    public const string EnglishTitle = "Training and study-visit programme to develop the quality of library services";
    public const string BusStop = "ลานจอดรถ องค์การบริหารส่วนจังหวัดพิษณุโลก";
    public const string ChonburiHost = "ห้องสมุดเฉลิมพระเกียรติ องค์การบริหารส่วนจังหวัดชลบุรี";
    public const string ChonburiContact = "คุณสมศรี ใจดี โทร. 038 000 000";
    public const string ChonburiAddress = "ถนนพระยาสัจจา ตำบลบ้านสวน อำเภอเมืองชลบุรี จังหวัดชลบุรี";
    public const string RayongHost = "ห้องสมุดประชาชนเทศบาลนครระยอง";

    public static readonly Uri AnswerLink = new("https://training.example.org/answer/phs-2561/p-001?t=abc123&lang=th");

    public static readonly DateOnly OpeningDay = new(2018, 2, 14);
    public static readonly DateOnly ChonburiDay = new(2018, 2, 15);
    public static readonly DateOnly RayongDay = new(2018, 2, 16);

    public static Programme Programme() => new()
    {
        Id = "phs-library-2561",
        Title = ThaiTitle,
        TitleEn = EnglishTitle,
        TimeZone = "Asia/Bangkok",
        Language = "th",
        Venue = "ห้องประชุมสุพรรณกัลยา องค์การบริหารส่วนจังหวัดพิษณุโลก",
        Capacity = 22,
        // 7 February 2561, 17:00 in Bangkok.
        EnrolmentDeadline = new DateTimeOffset(2018, 2, 7, 10, 0, 0, TimeSpan.Zero),
        Organisers = [new("กองการศึกษา ศาสนาและวัฒนธรรม อบจ.พิษณุโลก", "education@example.org", "th")],
        Days =
        [
            new(OpeningDay,
            [
                new Session
                {
                    Id = "opening",
                    Start = new(9, 0),
                    End = new(10, 0),
                    Title = "พิธีเปิดโครงการ",
                    Kind = SessionKind.Ceremony,
                    Location = new("ห้องประชุมสุพรรณกัลยา", null, "https://maps.example.org/?q=phitsanulok-pao"),
                },
                new Session
                {
                    Id = "lecture",
                    Start = new(10, 15),
                    End = new(12, 0),
                    Title = "การพัฒนาคุณภาพการบริการห้องสมุด",
                    Kind = SessionKind.Lecture,
                    Location = new("ห้องประชุมสุพรรณกัลยา", null, null),
                    Speakers = ["วิทยากรจาก กศน.อำเภอเมืองพิษณุโลก"],
                },
                new Session
                {
                    Id = "workshop",
                    Start = new(13, 0),
                    End = new(16, 30),
                    Title = "ฝึกปฏิบัติงานบรรณารักษ์",
                    Kind = SessionKind.Workshop,
                    Location = new("ห้องประชุมสุพรรณกัลยา", null, null),
                },
            ]),
            new(ChonburiDay,
            [
                new Session
                {
                    Id = "visit-chonburi",
                    Start = new(13, 0),
                    End = new(16, 0),
                    Title = "ศึกษาดูงานอุทยานการเรียนรู้ชลบุรี",
                    Kind = SessionKind.StudyVisit,
                    Location = new("อุทยานการเรียนรู้ชลบุรี", ChonburiAddress, "https://maps.example.org/?q=chonburi-learning-park"),
                    StudyVisit = new(ChonburiHost, ChonburiContact, new(BusStop, new(5, 30)), null),
                },
            ]),
            new(RayongDay,
            [
                new Session
                {
                    Id = "visit-rayong",
                    Start = new(9, 0),
                    End = new(12, 0),
                    Title = "ศึกษาดูงานห้องสมุดประชาชน",
                    Kind = SessionKind.StudyVisit,
                    Location = new(RayongHost, "ถนนตากสินมหาราช อำเภอเมืองระยอง จังหวัดระยอง", null),
                    StudyVisit = new(RayongHost, "งานห้องสมุด โทร. 038 000 001", new("โรงแรมที่พัก ชลบุรี", new(7, 30)), new(20, 0)),
                },
            ]),
        ],
    };

    public static Participant ThaiLibrarian() => new()
    {
        Id = "p-001",
        Name = "นางสาวมาลี ศรีสุข",
        Email = "malee@example.org",
        Role = ParticipantRole.AssistantLibrarian,
        Site = "อำเภอวังทอง",
        Language = "th",
    };

    public static Participant EnglishSpeaker() => new()
    {
        Id = "p-002",
        Name = "Anna Berg",
        Email = "anna@example.org",
        Role = ParticipantRole.Staff,
        Language = "en",
    };

    /// <summary>Every kind of mail for one participant, so properties that hold for all can be checked at once.</summary>
    public static IReadOnlyList<(string Kind, ComposedMail Mail)> EveryMail(Programme programme, Participant participant, string? note = "โปรดตอบกลับ", string reason = "งบประมาณไม่เพียงพอ")
    {
        var link = AnswerLink;
        return
        [
            ("invitation", MailComposer.Invitation(programme, participant, link)),
            ("reminder", MailComposer.Reminder(programme, participant, link, note)),
            ("confirmation", MailComposer.Confirmation(programme, participant, link)),
            ("waitlisted", MailComposer.Waitlisted(programme, participant, link, 3)),
            ("offer", MailComposer.Offer(programme, participant, link, new DateTimeOffset(2018, 2, 9, 10, 0, 0, TimeSpan.Zero))),
            ("joining", MailComposer.JoiningInstructions(programme, participant, link)),
            ("briefing-opening", MailComposer.DailyBriefing(programme, participant, link, OpeningDay)),
            ("briefing-visit", MailComposer.DailyBriefing(programme, participant, link, ChonburiDay)),
            ("schedule-update", MailComposer.ScheduleUpdate(programme, participant, link)),
            ("thanks", MailComposer.Thanks(programme, participant, link)),
            ("cancellation", MailComposer.Cancellation(programme, participant, reason)),
        ];
    }
}
