using LibraryTraining.Attendance;
using LibraryTraining.Certificates;
using LibraryTraining.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LibraryTraining.Reports;

public static class ReportRegistrations
{
    /// <summary>Attendance, the feedback survey, certificates and the final report.</summary>
    public static IServiceCollection AddAttendanceAndReports(this IServiceCollection services)
    {
        services.TryAddSingleton<AttendanceStore>();
        services.TryAddSingleton<SessionCodes>();
        services.TryAddSingleton<AttendanceService>();
        services.TryAddSingleton<FeedbackService>();
        services.TryAddSingleton<CertificateService>();
        services.TryAddSingleton<IReportMedia, MediaReportSource>();
        services.TryAddSingleton<ReportService>();
        services.TryAddSingleton<ProgrammeWrapUp>();
        return services;
    }
}
