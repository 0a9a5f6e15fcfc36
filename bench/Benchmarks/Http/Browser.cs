using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Elsa.Kundportal.Benchmarks.Http;

/// <summary>What a request answered, and how long it took from sending until the whole body was read.</summary>
internal sealed class Page(HttpStatusCode status, string? location, string body, TimeSpan elapsed)
{
    private string? _text;

    public HttpStatusCode Status { get; } = status;

    public string? Location { get; } = location;

    public string Body { get; } = body;

    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>The body with HTML entities decoded (the pages encode å, ä, ö), for finding text in it.</summary>
    public string Text => _text ??= WebUtility.HtmlDecode(Body);
}

/// <summary>
/// A person's browser without JavaScript: its own cookies and connection, forms posted with their antiforgery field,
/// no redirects followed. Every request is timed by the caller's clock, from sending until the body is read.
/// </summary>
internal sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public void Dispose() => _http.Dispose();

    public Task<Page> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Posts a form as <paramref name="form"/> would: its antiforgery field plus <paramref name="fields"/>.</summary>
    public Task<Page> PostFormAsync(string url, Page form, params (string Name, string Value)[] fields)
    {
        var all = new List<KeyValuePair<string, string>>(fields.Length + 1);
        if (Antiforgery().Match(form.Body) is { Success: true } token)
            all.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        all.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(all) });
    }

    private async Task<Page> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new Page(response.StatusCode, response.Headers.Location?.OriginalString, body, elapsed);
        }
    }

    /// <summary>A hidden field's value in a page.</summary>
    public static string? Hidden(Page page, string name) =>
        Regex.Match(page.Text, $"<input type=\"hidden\" name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
