namespace LibraryTraining.Tests.Infra;

/// <summary>Paths in the repository, found from the test binaries by walking up to the solution file.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LibraryTraining.Functions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No LibraryTraining.Functions.sln above {AppContext.BaseDirectory}.");
    }
}
