using System.Net.Http.Json;
using LibraryTraining.Local.Hosting;
using LibraryTraining.Local.Storage;

namespace LibraryTraining.Tests.Infrastructure;

/// <summary>
/// The local runner, in process, on a free loopback port: the real HTTP pipeline, the Azure Storage
/// Durable provider on the shared Azurite (its own task hub), and the outbox. Tests drive it over HTTP.
/// </summary>
public sealed class RunnerFixture : IAsyncLifetime
{
    public LocalRunner Runner { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = Azurite.FreePort();
        var dataFolder = Path.Combine(SharedAzurite.DataFolder, $"runner-{port}");
        var settings = TestSettings.For(await SharedAzurite.ConnectionStringAsync(), TestSettings.NewTaskHub("runner"));
        settings[LibraryTraining.Configuration.AppSettings.OrganiserKey] = "test-organiser-key";
        settings[LibraryTraining.Configuration.AppSettings.PublicBaseUrl] = $"http://127.0.0.1:{port}";
        this.Runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = port, DataFolder = dataFolder, Settings = settings, Progress = _ => { } });
        this.Anonymous = new HttpClient { BaseAddress = this.Runner.Address };
        this.Http = new HttpClient { BaseAddress = this.Runner.Address };
        this.Http.DefaultRequestHeaders.Add("x-functions-key", this.Runner.OrganiserKey);
    }

    public async Task<string> CreateProgrammeAsync(ProgrammeRequest request)
    {
        var response = await this.Http.PostAsJsonAsync("api/programmes", request, WireNames.Json);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return body!["id"].ToString()!;
    }

    public async Task DisposeAsync()
    {
        this.Http.Dispose();
        this.Anonymous.Dispose();
        await this.Runner.DisposeAsync();
    }
}
