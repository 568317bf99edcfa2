namespace LibraryTraining.Local;

/// <summary>Finds the repository the runner was built from, for tools/ and the ignored .local/ folder.</summary>
public static class RepoPaths
{
    static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string LocalData => Path.Combine(Root, ".local");

    static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LibraryTraining.Functions.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Run the local runner from inside the LibraryTraining repository.");
    }
}
