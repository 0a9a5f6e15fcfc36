using System.Net;
using Elsa.Kundportal.Browser.Tests.Support;

namespace Elsa.Kundportal.Browser.Tests;

/// <summary>The host serves the built designer under /designer to staff only, with a fallback to index.html for the app's routes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerServingTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/designer/")]
    [InlineData("/designer/index.html")]
    [InlineData("/designer/definitions/kundportal-agent-order")]
    public async Task WithoutStaffRole_NothingIsServed(string path)
    {
        using var anonymous = fixture.Host.WithKey(null);
        using var customer = fixture.Host.WithKey(DesignerHost.CustomerKey);
        var asset = AnyAsset();

        foreach (var url in new[] { path, asset })
        {
            using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
            var response = await noRedirect.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"{url}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
                Assert.Contains("login", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Staff_GetTheAppItsAssetsAndIndexForAppRoutes()
    {
        using var staff = fixture.Host.Staff();
        var index = await staff.GetAsync("/designer/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var html = await index.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"root\">", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"sv\"", html, StringComparison.Ordinal);
        Assert.Contains("no-cache", index.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", string.Join(' ', index.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        // Nothing is loaded from elsewhere (no CDN).
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        var route = await staff.GetStringAsync("/designer/definitions/kundportal-agent-order/compare?from=1&to=2");
        Assert.Equal(html, route);

        var asset = await staff.GetAsync(AnyAsset());
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/designer/assets/missing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/designer/..%2F..%2Fappsettings.json")).StatusCode);
    }

    private static string AnyAsset() =>
        $"/designer/assets/{Path.GetFileName(Directory.GetFiles(Path.Combine(RepositoryPaths.DesignerBuild, "assets"), "index-*.js").First())}";
}
