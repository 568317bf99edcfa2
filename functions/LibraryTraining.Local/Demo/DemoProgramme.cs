using LibraryTraining.Local.Hosting;

namespace LibraryTraining.Local.Demo;

/// <summary>The seed programme on a compressed clock (filled in by the workflow issue).</summary>
public static class DemoProgramme
{
    public static Task RunAsync(LocalRunner runner, CancellationToken cancellationToken)
    {
        Console.WriteLine("The demo programme is not built yet.");
        return Task.CompletedTask;
    }
}
