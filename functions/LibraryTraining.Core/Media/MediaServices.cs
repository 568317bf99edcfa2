using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LibraryTraining.Media;

public static class MediaServices
{
    /// <summary>Handouts and photos; called from <see cref="ServiceCollectionExtensions.AddLibraryTraining"/>.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.TryAddSingleton<PhotoService>();
        services.TryAddSingleton<HandoutService>();
        services.TryAddSingleton<MediaAccess>();
        services.TryAddSingleton<ParticipantMedia>();
        return services;
    }
}
