using System.Security.Cryptography;
using LibraryTraining.Configuration;
using Microsoft.Extensions.Configuration;

namespace LibraryTraining.Tests.Infrastructure;

public static class TestSettings
{
    public static readonly string LinkSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string?> For(string storageConnectionString, string taskHub) => new()
    {
        [AppSettings.Storage] = storageConnectionString,
        [AppSettings.MailMode] = "outbox",
        [AppSettings.LinkSecret] = LinkSecret,
        [AppSettings.TaskHub] = taskHub,
        [AppSettings.PublicBaseUrl] = "http://127.0.0.1:7071",
        // The sweep of owed work every 2 s, so a mail a stopped instance owed goes out soon after its grace.
        [AppSettings.OwedWorkSchedule] = "*/2 * * * * *",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static IConfiguration Configuration(string storageConnectionString, string taskHub = "tests") =>
        new ConfigurationBuilder().AddInMemoryCollection(For(storageConnectionString, taskHub)).Build();

    /// <summary>Task hub names: letters and digits, starting with a letter, 3–45 characters.</summary>
    public static string NewTaskHub(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 12)];
}
