using LibraryTraining.Attendance;
using LibraryTraining.Certificates;
using LibraryTraining.Feedback;
using LibraryTraining.Programmes;

namespace LibraryTraining.Reports;

public sealed record SessionAttendance(ProgrammeDay Day, Session Session, int Present, int Expected, bool Counts);

public sealed record GroupCount(string Label, int Invited, int Accepted, int Attended);

/// <summary>Everything the final report shows, gathered once; HTML, PDF and the news write-up are views of it.</summary>
public sealed record ProgrammeReport(
    Programme Programme,
    IReadOnlyList<Participant> Roster,
    IReadOnlyList<GroupCount> ByRole,
    IReadOnlyList<GroupCount> BySite,
    IReadOnlyList<SessionAttendance> Sessions,
    int Attended,
    IReadOnlyList<Eligibility> Eligibility,
    SurveyResults Feedback,
    IReadOnlyList<ReportHandout> Handouts,
    IReadOnlyList<ReportPhoto> Photos,
    string NewsDraft,
    DateTimeOffset GeneratedAt)
{
    public int Certificates => this.Eligibility.Count(e => e.Eligible);

    public static string RoleThai(ParticipantRole role) => role switch
    {
        ParticipantRole.Executive => "ผู้บริหารสถานศึกษา",
        ParticipantRole.TeacherLibrarian => "ครูผู้ปฏิบัติงานด้านบรรณารักษ์",
        ParticipantRole.AssistantLibrarian => "ผู้ช่วยบรรณารักษ์",
        ParticipantRole.Staff => "เจ้าหน้าที่ผู้เกี่ยวข้อง",
        _ => "วิทยากร",
    };

    /// <summary>Gathers the report from the stored data. Pure apart from its inputs, so tests can build one directly.</summary>
    public static ProgrammeReport Build(Programme programme, IReadOnlyList<Participant> roster, IReadOnlyList<CheckIn> checkIns,
        IReadOnlyList<SurveyAnswer> answers, IReadOnlyList<ReportHandout> handouts, IReadOnlyList<ReportPhoto> photos, DateTimeOffset now)
    {
        var live = roster.Where(p => !p.Removed).ToList();
        var came = checkIns.Select(c => c.ParticipantId).ToHashSet(StringComparer.Ordinal);
        GroupCount Count(string label, IEnumerable<Participant> group)
        {
            var list = group.ToList();
            return new GroupCount(label, list.Count, list.Count(AttendanceService.Expected), list.Count(p => came.Contains(p.Id)));
        }
        var byRole = live.GroupBy(p => p.Role).OrderBy(g => g.Key).Select(g => Count(RoleThai(g.Key), g)).ToList();
        var bySite = live.GroupBy(p => p.Site ?? "ไม่ระบุหน่วยงาน").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Count(g.Key, g)).ToList();
        var expected = live.Count(AttendanceService.Expected);
        var sessions = programme.Days.SelectMany(d => d.Sessions.Select(s => new SessionAttendance(d, s,
            checkIns.Where(c => c.SessionId == s.Id).Select(c => c.ParticipantId).Distinct().Count(), expected, CheckInWindow.Counts(s)))).ToList();
        var audience = SurveyQuestions.Audience(live, checkIns);
        var feedback = FeedbackService.Summarise(programme, live, audience.Count, answers);
        var eligibility = CertificateService.Assess(programme, live, checkIns);
        var report = new ProgrammeReport(programme, live, byRole, bySite, sessions, live.Count(p => came.Contains(p.Id)), eligibility, feedback, handouts, photos, "", now);
        return report with { NewsDraft = NewsWriteUp.Draft(report) };
    }
}
