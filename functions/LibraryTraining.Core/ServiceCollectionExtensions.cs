using Azure.Data.Tables;
using Azure.Storage.Blobs;
using LibraryTraining.Configuration;
using LibraryTraining.Enrolment;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;
using LibraryTraining.Status;
using LibraryTraining.Storage;
using LibraryTraining.Workflow;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LibraryTraining;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Everything the functions need. Storage clients come from the <c>AzureWebJobsStorage</c> setting:
    /// a connection string locally, or <c>__accountName</c>/<c>__credential</c> with a managed identity in Azure.
    /// </summary>
    public static IServiceCollection AddLibraryTraining(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddAzureClients(clients =>
        {
            if (configuration[AppSettings.Storage] is { Length: > 0 } connectionString)
            {
                clients.AddTableServiceClient(connectionString);
                clients.AddBlobServiceClient(connectionString);
            }
            else
            {
                var account = configuration[$"{AppSettings.Storage}:accountName"]
                    ?? throw new InvalidOperationException($"Set {AppSettings.Storage} to a connection string, or {AppSettings.Storage}__accountName for a managed identity.");
                clients.AddTableServiceClient(new Uri($"https://{account}.table.core.windows.net"));
                clients.AddBlobServiceClient(new Uri($"https://{account}.blob.core.windows.net"));
            }
            if (configuration[$"{AppSettings.Storage}:clientId"] is { Length: > 0 } clientId)
            {
                clients.UseCredential(new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(clientId)));
            }
        });
        services.TryAddSingleton<StorageTables>();
        services.TryAddSingleton<ProgrammeStore>();
        services.TryAddSingleton<ProgrammeService>();
        services.TryAddSingleton<ProgrammeSteps>();
        services.TryAddSingleton<ProgrammeMailer>();
        services.TryAddSingleton<MailDispatcher>();
        services.TryAddSingleton<ParticipantLinks>();
        services.TryAddSingleton<AnswerMailer>();
        services.TryAddSingleton<OwedWork>();
        services.TryAddSingleton<OwedWorkDrainer>();
        services.TryAddSingleton<SeatBook>();
        services.TryAddSingleton<AnswerService>();
        services.TryAddSingleton<RegistrationDetailsStore>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton<RosterService>();
        services.TryAddSingleton<DeliveryEvents>();
        services.AddDailyStatus();
        services.TryAddSingleton(_ => LinkSecret.FromBase64(configuration[AppSettings.LinkSecret], AppSettings.LinkSecret));
        services.TryAddSingleton(_ => new PublicLinks(new Uri(Setting(configuration, AppSettings.PublicBaseUrl).TrimEnd('/') + "/")));
        services.TryAddSingleton<OutboxMailSender>();
        services.TryAddSingleton<MailReadiness>();
        if (string.Equals(Setting(configuration, AppSettings.MailMode), "outbox", StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton<IMailSender>(sp => sp.GetRequiredService<OutboxMailSender>());
        }
        else
        {
            services.TryAddSingleton<IMailSender, SendGridMailSender>();
        }
        Media.MediaServices.AddMedia(services);
        Reports.ReportRegistrations.AddAttendanceAndReports(services);
        return services;
    }

    public static string Setting(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : AppSettings.Defaults[name];

}
