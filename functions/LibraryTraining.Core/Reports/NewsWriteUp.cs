using System.Globalization;
using System.Text;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Reports;

/// <summary>
/// A draft Thai news item about the programme, in the shape of the write-ups provincial administrations
/// publish (see shared/seed): a headline, then who opened what, when and where; who took part, in
/// numbers by role; who spoke; where the study visits went; what came of it. Every fact comes from the
/// programme's data: nothing is invented, and a fact that is missing is left out. Organisers edit it.
/// </summary>
public static class NewsWriteUp
{
    public static string Draft(ProgrammeReport report)
    {
        var p = report.Programme;
        var organiser = p.Organisers.Count > 0 ? p.Organisers[0].Name : null;
        var sessions = p.Days.SelectMany(d => d.Sessions.Select(s => (Day: d, Session: s))).ToList();
        var ceremony = sessions.FirstOrDefault(x => x.Session.Kind == SessionKind.Ceremony);
        var text = new StringBuilder();

        text.Append(organiser is null ? "" : organiser + " ").Append("จัด").Append(p.Title).Append('\n');

        // The opening.
        text.Append("   เมื่อวันที่ ").Append(ProgrammeDates.Date((ceremony.Session is null ? p.Days[0] : ceremony.Day).Date, "th")).Append(' ');
        if (ceremony.Session is { Speakers.Count: > 0 } opening)
        {
            text.Append(opening.Speakers[0]).Append(" เป็นประธานในพิธีเปิด");
        }
        else
        {
            text.Append("มีพิธีเปิด");
        }
        text.Append(p.Title).Append(" ระหว่างวันที่ ").Append(ProgrammeDates.DateRange(p.FirstDate, p.LastDate, "th"));
        var venue = p.Venue ?? ceremony.Session?.Location?.Name;
        if (venue is not null)
        {
            text.Append(" ณ ").Append(venue);
        }
        var visits = sessions.Where(x => x.Session.StudyVisit is not null).ToList();
        if (visits.Count > 0)
        {
            text.Append(" และศึกษาดูงาน ณ ").Append(Join(visits.Select(v => v.Session.Location?.Name ?? v.Session.StudyVisit!.Host)));
        }
        if (organiser is not null)
        {
            text.Append(" จัดโดย").Append(organiser);
        }
        text.Append('\n');

        // Who took part: those who came if attendance was taken, otherwise those who held a place.
        var came = report.Attended > 0;
        var counts = report.ByRole.Select(r => (r.Label, N: came ? r.Attended : r.Accepted)).Where(r => r.N > 0).ToList();
        var total = counts.Sum(r => r.N);
        if (total > 0)
        {
            text.Append("โดยมีผู้เข้าร่วมโครงการประกอบด้วย ").Append(Join(counts.Select(r => $"{r.Label} {N(r.N)} คน")))
                .Append(" รวมทั้งสิ้น ").Append(N(total)).Append(" คน");
            var sites = report.BySite.Count(s => (came ? s.Attended : s.Accepted) > 0);
            if (sites > 1)
            {
                text.Append(" จาก ").Append(N(sites)).Append(" หน่วยงาน");
            }
        }
        var taught = sessions.Where(x => x.Session.Kind is SessionKind.Lecture or SessionKind.Workshop).ToList();
        var speakers = taught.SelectMany(x => x.Session.Speakers).Distinct(StringComparer.Ordinal).ToList();
        if (speakers.Count > 0)
        {
            text.Append(" ซึ่งได้รับการสนับสนุนวิทยากร ได้แก่ ").Append(Join(speakers))
                .Append(" มาบรรยายให้ความรู้และฝึกปฏิบัติในหัวข้อ ").Append(Join(taught.Select(x => Topic(x.Session.Title)).Distinct(StringComparer.Ordinal)));
        }
        if (visits.Count > 0)
        {
            text.Append(" โดยคณะผู้เข้าร่วมอบรมได้เดินทางไปศึกษาดูงาน ").Append(N(visits.Count)).Append(" แห่ง คือ ");
            text.Append(string.Join(" และ", visits.Select((v, i) =>
                $"{(i == 0 ? "" : "ใน")}วันที่ {ProgrammeDates.Date(v.Day.Date, "th")} ณ {v.Session.Location?.Name ?? v.Session.StudyVisit!.Host}{(v.Session.Location?.Name is null ? "" : $" ({v.Session.StudyVisit!.Host})")}")));
        }
        text.Append(' ');

        // What came of it, in numbers.
        if (came)
        {
            var counted = report.Sessions.Where(s => s.Counts && s.Expected > 0).ToList();
            if (counted.Count > 0)
            {
                var rate = counted.Sum(s => s.Present) * 100.0 / counted.Sum(s => s.Expected);
                text.Append("ผู้เข้าร่วมเข้ากิจกรรมเฉลี่ยร้อยละ ").Append(rate.ToString("0", CultureInfo.InvariantCulture)).Append(" ของกิจกรรมทั้งหมด ");
            }
            if (report.Certificates > 0)
            {
                text.Append("มีผู้ได้รับเกียรติบัตร ").Append(N(report.Certificates)).Append(" คน ");
            }
        }
        var ratings = report.Feedback.Questions.Where(q => q.Average is not null).ToList();
        if (ratings.Count > 0)
        {
            var mean = ratings.Sum(q => q.Average!.Value * q.Answered) / ratings.Sum(q => q.Answered);
            text.Append("ผลการประเมินความพึงพอใจโดยรวมเฉลี่ย ").Append(mean.ToString("0.00", CultureInfo.InvariantCulture))
                .Append(" จาก 5 คะแนน (ตอบแบบสอบถาม ").Append(N(report.Feedback.Responded)).Append(" จาก ").Append(N(report.Feedback.Invited)).Append(" คน) ");
        }
        text.Append("โดยมุ่งหวังให้ผู้เข้าร่วมอบรมและศึกษาดูงานในครั้งนี้นำความรู้กลับมาพัฒนาห้องสมุด");
        if (organiser is not null)
        {
            text.Append("ในสังกัด").Append(organiser);
        }
        text.Append(" ให้เป็นแหล่งเรียนรู้ของชุมชนท้องถิ่นต่อไป");
        return text.ToString();
    }

    /// <summary>"บรรยาย: การบริการห้องสมุด…" reads "การบริการห้องสมุด…" inside a sentence.</summary>
    static string Topic(string title)
    {
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        return colon is > 0 and < 20 ? title[(colon + 1)..].Trim() : title;
    }

    /// <summary>Thai lists: "ก ข และค".</summary>
    static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(" ", list.Take(list.Count - 1)) + " และ" + list[^1],
        };
    }

    static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
