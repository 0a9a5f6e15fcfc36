using Elsa.Kundportal.Host.Auth;

namespace Elsa.Kundportal.Host.Tests.Auth;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/tasks/abc", "/tasks/abc")]
    [InlineData("/", "/")]
    [InlineData("/organisation/2120000001/roller?x=1", "/organisation/2120000001/roller?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/tasks/abc\r\nSet-Cookie: x=1", "/")]
    public void OrStart_KeepsOnlyPathsOnThisSite(string? url, string expected) => Assert.Equal(expected, LocalUrl.OrStart(url));
}
