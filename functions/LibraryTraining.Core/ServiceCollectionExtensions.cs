using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LibraryTraining;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddLibraryTraining(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
