namespace Fisikal.Sync.Tests.Infrastructure;

/// <summary>The checkout these tests run from (the folder with the solution file).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Fisikal.Sync.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Fisikal.Sync.slnx was not found above " + AppContext.BaseDirectory);
    }
}
