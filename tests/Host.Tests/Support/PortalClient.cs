using System.Net;
using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>A person's browser without JavaScript: keeps cookies, posts forms with their antiforgery field, follows no redirects by itself.</summary>
public sealed partial class PortalClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="cookies">The cookies of another client, to go on as the same browser against another host.</param>
    public PortalClient(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public void Dispose() => _http.Dispose();

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string url)
    {
        var response = await _http.GetAsync(url);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Posts a form as the page at <paramref name="pageHtml"/> would: its antiforgery field plus <paramref name="fields"/>.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostFormAsync(string url, string pageHtml, params (string Name, string Value)[] fields)
    {
        var all = new List<KeyValuePair<string, string>>();
        if (Antiforgery().Match(pageHtml) is { Success: true } token)
            all.Add(new("__RequestVerificationToken", token.Groups[1].Value));
        all.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var response = await _http.PostAsync(url, new FormUrlEncodedContent(all));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Signs in through the login page and returns where the login sent the browser.</summary>
    public async Task<string> LoginAsync(string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/login" : $"/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var (_, page) = await GetAsync(path);
        var (response, html) = await PostFormAsync(path, page,
            ("_handler", "login"), ("Input.Email", email), ("Input.Password", password), ("ReturnUrl", returnUrl ?? "/"));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Login as {email} failed: {(int)response.StatusCode} {html}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>A hidden field's value in a page.</summary>
    public static string? Hidden(string html, string name) =>
        Regex.Match(html, $"<input type=\"hidden\" name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
