using Microsoft.Playwright;

namespace Elsa.Kundportal.Browser.Tests.Support;

public static class Artifacts
{
    /// <summary>Saves a full-window screenshot as artifacts/screenshots/{name}.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(RepositoryPaths.Screenshots);
        var path = Path.Combine(RepositoryPaths.Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}
