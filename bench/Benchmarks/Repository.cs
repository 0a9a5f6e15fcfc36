namespace Elsa.Kundportal.Benchmarks;

/// <summary>The repository the benchmark runs from: the folder above its build output that holds Elsa.Kundportal.sln.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elsa.Kundportal.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Run the benchmark from the repository (no Elsa.Kundportal.sln above the build output).");
    }
}
