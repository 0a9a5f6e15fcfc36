using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Host.Tests.Support;

/// <summary>A person confirming a task with BankID over HTTP, as the page's form does it without script.</summary>
internal static partial class BankIdSteps
{
    /// <summary>
    /// Opens the task, posts the decision (and fields) and follows the redirect to the BankID stage. Returns the stage's
    /// address and page.
    /// </summary>
    public static async Task<(string Url, string Html)> StartAsync(PortalClient browser, string token, params (string Name, string Value)[] fields)
    {
        var url = $"/tasks/{token}";
        var (_, html) = await browser.GetAsync(url);
        var (started, startedHtml) = await browser.PostFormAsync(url, html, [.. fields, ("action", "submit")]);
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"BankID did not start: {(int)started.StatusCode} {startedHtml}");
        var stage = started.Headers.Location!.OriginalString;
        Assert.Matches($"^/tasks/{Regex.Escape(token)}/bankid/[0-9a-f-]{{36}}$", stage);
        var (page, pageHtml) = await browser.GetAsync(stage);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (stage, pageHtml);
    }

    /// <summary>
    /// Presses "Jag har skrivit under" until BankID's answer is final, moving the host's clock a second between presses
    /// (the host asks BankID at most once a second). Returns the last answer.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, string Html)> CollectAsync(PortalClient browser, string stage, string html, FakeTimeProvider clock)
    {
        for (var press = 0; press < 10; press++)
        {
            var (response, answer) = await browser.PostFormAsync(stage, html, ("action", "collect"));
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location!.OriginalString != $"{stage}?early=1")
                return (response, answer);
            (_, html) = await browser.GetAsync($"{stage}?early=1");
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        throw new Xunit.Sdk.XunitException("BankID stayed pending through ten presses.");
    }

    /// <summary>Starts and collects until the answer is final; requires the "Tack!" page.</summary>
    public static async Task<string> ConfirmAsync(PortalClient browser, string token, FakeTimeProvider clock, params (string Name, string Value)[] fields)
    {
        var (stage, html) = await StartAsync(browser, token, fields);
        var (response, done) = await CollectAsync(browser, stage, html, clock);
        Assert.True(response.StatusCode == HttpStatusCode.OK && done.Contains("Tack!", StringComparison.Ordinal), $"{(int)response.StatusCode} {done}");
        return done;
    }
}
