using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LibraryTraining.Status;

public static class StatusServices
{
    /// <summary>The daily status and the dashboard. A media feature registering its own <see cref="IMediaCounts"/> replaces the default.</summary>
    public static IServiceCollection AddDailyStatus(this IServiceCollection services)
    {
        services.TryAddSingleton<IMediaCounts, BlobMediaCounts>();
        services.TryAddSingleton<DailyStatusLedger>();
        services.TryAddSingleton<DailyStatusService>();
        services.TryAddSingleton<DashboardService>();
        return services;
    }
}
