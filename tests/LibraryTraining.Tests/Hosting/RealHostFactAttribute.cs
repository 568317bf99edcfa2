namespace LibraryTraining.Tests.Hosting;

/// <summary>A test that runs the published app under the real Functions host; skipped where the host is not built.</summary>
public sealed class RealHostFactAttribute : FactAttribute
{
    public RealHostFactAttribute()
    {
        if (!PublishedApp.HostAvailable)
        {
            this.Skip = $"The real Functions host is not at {PublishedApp.HostFolder} (../shared/tools/functions-host beside the repository; see its README).";
        }
    }
}
