using System.Globalization;
using Microsoft.Playwright;

namespace Elsa.Kundportal.Benchmarks;

/// <summary>
/// How long the real Elsa Studio 3.8.2 (served at /studio) takes to open a definition, measured in the same run and
/// against the same host as the designer: from navigation start of the /studio page until every activity of the
/// definition is on Studio's canvas (X6 has a node for each). Studio is a .NET runtime compiled in the browser, so
/// a first open in a fresh browser context (nothing cached) and a second open in the same context (the bundle's
/// fingerprinted files come from the HTTP cache) are reported apart. Each context signs in once, untimed.
/// </summary>
internal sealed class StudioBenchmark(TextWriter output, int runs)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private const string Probe = """
        (() => {
          if (!location.pathname.startsWith('/studio/')) return;
          const marks = (window.__studioMarks = {});
          const expected = %NODES%;
          const frame = () => {
            if (marks.firstRequest === undefined && performance.getEntriesByType('resource').some(e => e.name.includes('/elsa/api/')))
              marks.firstRequest = performance.now();
            if (document.querySelectorAll('.x6-node[data-cell-id]').length >= expected) { marks.drawn = performance.now(); return; }
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        })();
        """;

    public async Task RunAsync(IBrowser browser, Uri baseAddress, IReadOnlyList<(string DefinitionId, int Activities, string Label)> definitions)
    {
        output.WriteLine($"studio (Elsa Studio 3.8.2 at /studio, the same host and run): {runs} opens each, a fresh context per open; time until all activities are on the canvas");
        foreach (var (definitionId, activities, label) in definitions)
        {
            try
            {
                await OpenAsync(browser, baseAddress, definitionId, activities); // untimed: warms the host and Chromium
                var cold = new List<Sample>();
                var warm = new List<Sample>();
                for (var i = 0; i < runs; i++)
                {
                    var (first, second) = await OpenAsync(browser, baseAddress, definitionId, activities);
                    cold.Add(first);
                    warm.Add(second);
                }
                Report(label, cold, warm);
            }
            catch (NotAllDrawnException e)
            {
                output.WriteLine($"  {label}: not measured: {Timeout.TotalSeconds:F0} s after opening, Studio's canvas had {e.Drawn} of {activities} activities in the page.");
            }
        }
    }

    private void Report(string label, List<Sample> cold, List<Sample> warm)
    {
        output.WriteLine($"  {label}:");
        foreach (var (name, samples) in new[] { ("first open (nothing cached)", cold), ("open again (files cached)", warm) })
        {
            var drawn = samples.Select(s => s.Drawn).Order().ToList();
            var request = samples.Select(s => s.FirstRequest).Order().ToList();
            output.WriteLine($"    {name}: all activities drawn median {Ms(Percentiles.Of(drawn, 0.5))}, p95 {Ms(Percentiles.Of(drawn, 0.95))}, " +
                $"min {Ms(drawn[0])}, max {Ms(drawn[^1])}; Studio's first API request at {Ms(Percentiles.Of(request, 0.5))} (median: the .NET runtime's start)");
        }
    }

    private static async Task<(Sample First, Sample Second)> OpenAsync(IBrowser browser, Uri baseAddress, string definitionId, int activities)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1500, Height = 950 },
        });
        await context.AddInitScriptAsync(Probe.Replace("%NODES%", activities.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        await page.GotoAsync("/dev/login");
        await page.Locator("form:has(input[name=email][value='handlaggare@inera.demo']) button").ClickAsync();
        var first = await MeasureAsync(page, definitionId);
        var second = await MeasureAsync(page, definitionId);
        return (first, second);
    }

    private static async Task<Sample> MeasureAsync(IPage page, string definitionId)
    {
        await page.GotoAsync($"/studio/definitions/{Uri.EscapeDataString(definitionId)}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        try
        {
            await page.WaitForFunctionAsync("() => window.__studioMarks && window.__studioMarks.drawn !== undefined", null,
                new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = (float)Timeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            throw new NotAllDrawnException(await page.EvaluateAsync<int>("() => document.querySelectorAll('.x6-node[data-cell-id]').length"));
        }
        var m = await page.EvaluateAsync<double[]>("() => [window.__studioMarks.drawn, window.__studioMarks.firstRequest ?? NaN]");
        return new Sample(m[0], m[1]);
    }

    private static string Ms(double value) => $"{value.ToString("F0", CultureInfo.InvariantCulture)} ms";

    private sealed record Sample(double Drawn, double FirstRequest);

    /// <summary>Studio did not put every activity on its canvas in time; <see cref="Drawn"/> is how many it had.</summary>
    private sealed class NotAllDrawnException(int drawn) : Exception($"Studio drew {drawn} activities.")
    {
        public int Drawn => drawn;
    }
}
