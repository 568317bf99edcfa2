using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LibraryTraining.Status;

public static class StatusServices
{
    /// <summary>The daily status and the dashboard. Handout and photo counts come from the media feature's records.</summary>
    public static IServiceCollection AddDailyStatus(this IServiceCollection services)
    {
        services.TryAddSingleton<IMediaCounts, StoredMediaCounts>();
        services.TryAddSingleton<DailyStatusLedger>();
        services.TryAddSingleton<DailyStatusService>();
        services.TryAddSingleton<DashboardService>();
        return services;
    }
}
