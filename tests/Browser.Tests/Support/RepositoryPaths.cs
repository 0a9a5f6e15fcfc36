namespace Elsa.Kundportal.Browser.Tests.Support;

/// <summary>Folders of the repository the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Host => Path.Combine(Root, "src", "Host");

    /// <summary>Where <c>npm run build</c> in src/Host/ClientApp writes the designer.</summary>
    public static string DesignerBuild => Path.Combine(Host, "wwwroot", "designer");

    public static string Definitions => Path.Combine(Root, "workflows-json");

    /// <summary>Screenshots kept as test artifacts: artifacts/screenshots at the repository root.</summary>
    public static string Screenshots => Path.Combine(Root, "artifacts", "screenshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elsa.Kundportal.sln")) || File.Exists(Path.Combine(dir.FullName, "Elsa.Kundportal.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Elsa.Kundportal.sln above {AppContext.BaseDirectory}: the browser tests run from the repository's build output.");
    }
}
