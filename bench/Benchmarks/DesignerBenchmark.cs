extern alias host;

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Elsa.Kundportal.Benchmarks;

/// <summary>
/// How long a large definition takes to open in the designer, in headless Debian Chromium against the host
/// started in-process on Kestrel and PostgreSQL.
/// <para>
/// Time to interactive: from navigation start (the page's time origin) until the designer has answered a keyboard
/// action. The benchmark waits until the designer is drawn (all activities loaded: the minimap shows every one of
/// them, and the nodes and edges in view are drawn; a flowchart this large opens at its start and React Flow draws
/// what comes into view), then at once focuses the canvas and presses ArrowRight; the designer is interactive when
/// that key has selected and focused an activity. Then "0" (show everything) is pressed and the time until all
/// nodes and edges are drawn is measured too. All instants are taken inside the page with <c>performance.now()</c>.
/// Each run uses a new browser context, so nothing is cached between runs (a cold open: HTML, scripts, descriptors
/// and definition are all fetched).
/// </para>
/// </summary>
internal sealed class DesignerBenchmark(TextWriter output, int runs)
{
    private const string StaffKey = "designer-benchmark-key";
    private const int Activities = 200;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    // Marks the instants inside the page: every frame until the designer is drawn, then the first key and its
    // answer, then (after "0", show everything) the frame when all nodes and edges are drawn.
    private const string Probe = """
        (() => {
          const marks = (window.__designerMarks = { keys: [] });
          const expected = %NODES%, edges = %EDGES%;
          const count = (selector) => document.querySelectorAll(selector).length;
          const frame = () => {
            if (marks.drawn === undefined && count('.react-flow__minimap-node') >= expected && count('.react-flow__node') > 0 && count('.react-flow__edge') > 0)
              marks.drawn = performance.now();
            if (marks.compared === undefined && marks.drawn !== undefined && count('.change') > 0)
              marks.compared = performance.now();
            if (marks.answered === undefined && marks.keys.length > 0) {
              const a = document.activeElement;
              if (a && a.classList.contains('react-flow__node') && a.querySelector('.activity-node.is-selected')) marks.answered = performance.now();
            }
            if (marks.all === undefined && marks.keys.length > 1 && count('.react-flow__node') >= expected && count('.react-flow__edge') >= edges)
              marks.all = performance.now();
            if (marks.all === undefined) requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          addEventListener('keydown', () => marks.keys.push(performance.now()), true);
        })();
        """;

    public async Task RunAsync()
    {
        var build = Path.Combine(Repository.Root(), "src", "Host", "wwwroot", "designer", "index.html");
        if (!File.Exists(build))
            throw new InvalidOperationException($"The designer is not built ({build} is missing): run `npm ci && npm run build` in src/Host/ClientApp first.");

        await using var host = new BenchmarkHost(await PostgresCluster.Shared.CreateDatabaseAsync("designerbench"));
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        using var client = new HttpClient { BaseAddress = host.ClientOptions.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", StaffKey);
        await ImportAsync(client, Generate("bench-designer-200", Activities, withPositions: true));
        await ImportAsync(client, Generate("bench-designer-200-layout", Activities, withPositions: false));
        await ImportAsync(client, Generate(CompareId, Activities, withPositions: true));
        await ImportAsync(client, Changed(Generate(CompareId, Activities, withPositions: true)));
        // The process itself, versions 1 and 2 as shipped.
        JsonObject? agentOrder = null;
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root(), "workflows-json"), "kundportal-agent-order.v*.json").Order(StringComparer.Ordinal))
        {
            agentOrder = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            await ImportAsync(client, agentOrder);
        }
        var agentOrderNodes = agentOrder!["root"]!["activities"]!.AsArray().Count;
        var agentOrderEdges = agentOrder["root"]!["connections"]!.AsArray().Count;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });

        output.WriteLine($"designer: {Activities} activities, {Connections(Activities)} connections, headless Chromium {browser.Version}, {runs} cold opens each (new browser context per open)");
        output.WriteLine("  time to interactive = navigation start → all activities loaded and the view drawn → ArrowRight pressed → an activity selected and focused");
        foreach (var (definitionId, label, nodes, edges) in new[]
        {
            ("bench-designer-200", "positions from the JSON", Activities, Connections(Activities)),
            ("bench-designer-200-layout", "no positions: dagre layout", Activities, Connections(Activities)),
            ("kundportal-agent-order", $"kundportal-agent-order v2 ({agentOrderNodes} activities)", agentOrderNodes, agentOrderEdges),
        })
        {
            // Two untimed opens warm the host (JIT, definition cache) and Chromium's code cache for the scripts.
            for (var i = 0; i < 2; i++)
                await OpenAsync(browser, host.ClientOptions.BaseAddress, definitionId, nodes, edges);
            var samples = new List<Sample>();
            for (var i = 0; i < runs; i++)
                samples.Add(await OpenAsync(browser, host.ClientOptions.BaseAddress, definitionId, nodes, edges));
            Report(label, nodes, samples);
        }

        // The comparison of two versions of 200 activities (the second changes every tenth activity's text).
        for (var i = 0; i < 2; i++)
            await CompareAsync(browser, host.ClientOptions.BaseAddress);
        var compare = new List<double>();
        for (var i = 0; i < runs; i++)
            compare.Add(await CompareAsync(browser, host.ClientOptions.BaseAddress));
        compare.Sort();
        var compareMedian = Percentiles.Of(compare, 0.5);
        output.WriteLine($"  comparison of two versions ({Activities} activities each, {Activities / 10} changed), navigation start → change list and graph drawn:");
        output.WriteLine($"    median {Ms(compareMedian)}, p95 {Ms(Percentiles.Of(compare, 0.95))}, min {Ms(compare[0])}, max {Ms(compare[^1])} " +
            $"(target < {Target.TotalMilliseconds:F0} ms: {(Percentiles.Of(compare, 0.95) < Target.TotalMilliseconds ? "met at p95" : compareMedian < Target.TotalMilliseconds ? "met at the median only" : "NOT met")})");

        // Elsa Studio on the same host in the same run. Its opens take tens of seconds each, so it runs at most 3 times per definition.
        await new StudioBenchmark(output, Math.Clamp(runs, 1, 3)).RunAsync(browser, host.ClientOptions.BaseAddress,
        [
            ("kundportal-agent-order", agentOrderNodes, $"kundportal-agent-order v2 ({agentOrderNodes} activities)"),
            ("bench-designer-200", Activities, $"{Activities} activities with positions"),
        ]);
    }

    private const string CompareId = "bench-designer-compare";

    /// <summary>The definition with every tenth activity's text changed: a second version to compare with the first.</summary>
    private static JsonObject Changed(JsonObject definition)
    {
        var activities = definition["root"]!["activities"]!.AsArray();
        for (var i = 10; i < activities.Count; i += 10)
            activities[i]!["metadata"]!["displayText"] = $"{activities[i]!["metadata"]!["displayText"]} (ändrad)";
        return definition;
    }

    private static async Task<double> CompareAsync(IBrowser browser, Uri baseAddress)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1500, Height = 950 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = StaffKey },
        });
        await context.AddInitScriptAsync(Probe
            .Replace("%NODES%", Activities.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%EDGES%", Connections(Activities).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync($"/designer/definitions/{CompareId}/compare?from=1&to=2", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__designerMarks && window.__designerMarks.compared !== undefined", null,
            new PageWaitForFunctionOptions { PollingInterval = 5 });
        return await page.EvaluateAsync<double>("() => window.__designerMarks.compared");
    }

    private void Report(string label, int nodes, List<Sample> samples)
    {
        var tti = samples.Select(s => s.Interactive).Order().ToList();
        var drawn = samples.Select(s => s.Drawn).Order().ToList();
        var answer = samples.Select(s => s.Answer).Order().ToList();
        var all = samples.Select(s => s.ShowAll).Order().ToList();
        var median = Percentiles.Of(tti, 0.5);
        output.WriteLine($"  {label}:");
        output.WriteLine($"    time to interactive: median {Ms(median)}, p95 {Ms(Percentiles.Of(tti, 0.95))}, min {Ms(tti[0])}, max {Ms(tti[^1])} " +
            $"(target < {Target.TotalMilliseconds:F0} ms: {(Percentiles.Of(tti, 0.95) < Target.TotalMilliseconds ? "met at p95" : median < Target.TotalMilliseconds ? "met at the median only" : "NOT met")})");
        var scripts = samples.Select(s => s.Scripts).Order().ToList();
        var data = samples.Select(s => s.Data).Order().ToList();
        output.WriteLine($"    where the time goes (medians): scripts loaded and run {Ms(Percentiles.Of(scripts, 0.5))}, data in {Ms(Percentiles.Of(data, 0.5))}, " +
            $"drawn {Ms(Percentiles.Of(drawn, 0.5))} (p95 {Ms(Percentiles.Of(drawn, 0.95))}), answered {Ms(median)}");
        var fetched = samples.Select(s => s.Fetched).Order().ToList();
        var render = samples.Select(s => s.Render).Order().ToList();
        var responses = samples.Select(s => s.Responses).Order().ToList();
        output.WriteLine($"    profile (medians): API answers in {Ms(Percentiles.Of(responses, 0.5))}, data handed to the designer {Ms(Percentiles.Of(fetched, 0.5))}, " +
            $"laid out {Ms(Percentiles.Of(data, 0.5))}, first render {Ms(Percentiles.Of(render, 0.5))}, drawn {Ms(Percentiles.Of(drawn, 0.5))}");
        output.WriteLine($"    key to answer: median {Ms(Percentiles.Of(answer, 0.5))}, p95 {Ms(Percentiles.Of(answer, 0.95))}");
        output.WriteLine($"    \"0\" (show everything) to all {nodes} nodes and their edges drawn: median {Ms(Percentiles.Of(all, 0.5))}, p95 {Ms(Percentiles.Of(all, 0.95))}");
    }

    private static async Task<Sample> OpenAsync(IBrowser browser, Uri baseAddress, string definitionId, int nodes, int edges)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1500, Height = 950 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = StaffKey },
        });
        await context.AddInitScriptAsync(Probe
            .Replace("%NODES%", nodes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("%EDGES%", edges.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync($"/designer/definitions/{definitionId}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__designerMarks && window.__designerMarks.drawn !== undefined", null,
            new PageWaitForFunctionOptions { PollingInterval = 5 });
        await page.Locator(".canvas").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.WaitForFunctionAsync("() => window.__designerMarks.answered !== undefined", null, new PageWaitForFunctionOptions { PollingInterval = 5 });
        await page.Keyboard.PressAsync("0");
        await page.WaitForFunctionAsync("() => window.__designerMarks.all !== undefined", null, new PageWaitForFunctionOptions { PollingInterval = 5 });
        var m = await page.EvaluateAsync<double[]>("""
            () => {
              const m = window.__designerMarks, mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
              const api = performance.getEntriesByType('resource').filter((r) => r.name.includes('/elsa/api/') && !r.name.includes('/validate'));
              return [m.drawn, m.answered, m.keys[0], m.all, m.keys[1], mark('designer:scripts'), mark('designer:data'),
                mark('designer:fetched'), mark('designer:render'), Math.max(...api.map((r) => r.responseEnd))];
            }
            """);
        return new Sample(Drawn: m[0], Interactive: m[1], Answer: m[1] - m[2], ShowAll: m[3] - m[4], Scripts: m[5], Data: m[6], Fetched: m[7], Render: m[8], Responses: m[9]);
    }

    private static async Task ImportAsync(HttpClient client, JsonObject definition)
    {
        var response = await client.PostAsync("/elsa/api/workflow-definitions/import?publish=true",
            new StringContent(definition.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Importing the generated definition failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
    }

    private static int Connections(int activities) => Generate("count", activities, withPositions: false)["root"]!["connections"]!.AsArray().Count;

    /// <summary>
    /// A valid flowchart of <paramref name="count"/> activities shaped like a long process: a spine of steps, every
    /// fifth a decision whose False branch runs a side step (a wait, an e-mail or a user task) that joins back.
    /// </summary>
    internal static JsonObject Generate(string definitionId, int count, bool withPositions)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        void Add(string id, string type, string text, int column, int row, params (string Name, JsonNode Value)[] inputs)
        {
            var metadata = new JsonObject { ["displayText"] = text };
            if (withPositions)
                metadata["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = column * 280, ["y"] = row * 140 } };
            var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1, ["name"] = id, ["metadata"] = metadata };
            foreach (var (name, value) in inputs)
                activity[name] = value;
            activities.Add(activity);
        }
        void Connect(string source, string port, string target) => connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        });
        static JsonObject Literal(string typeName, string value) => new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

        Add("start", "Elsa.Start", "Start", 0, 0);
        var previous = ("start", "Done");
        var n = 1;
        var column = 1;
        while (n < count)
        {
            var id = $"a{n}";
            if (n % 5 == 0 && n + 2 < count)
            {
                Add(id, "Elsa.FlowDecision", $"Beslut {n}", column, 0, ("condition", new JsonObject { ["typeName"] = "Boolean", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = $"return {n} % 2 == 0;" } }));
                Connect(previous.Item1, previous.Item2, id);
                var side = $"a{n + 1}";
                var join = $"a{n + 2}";
                switch (n % 3)
                {
                    case 0:
                        Add(side, "Elsa.Delay", $"Vänta {n + 1}", column + 1, 1, ("timeSpan", Literal("TimeSpan", "P1D")));
                        break;
                    case 1:
                        Add(side, "Elsa.SendEmail", $"Mejl {n + 1}", column + 1, 1,
                            ("to", new JsonObject { ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"handlaggare@example.se\"]" } }),
                            ("subject", Literal("String", $"Steg {n + 1}")));
                        break;
                    default:
                        Add(side, "Elsa.UserTask", $"Uppgift {n + 1}", column + 1, 1, ("taskName", Literal("String", $"Granska {n + 1}")));
                        break;
                }
                Add(join, "Elsa.WriteLine", $"Logga {n + 2}", column + 2, 0, ("text", Literal("String", $"Steg {n + 2}")));
                Connect(id, "True", join);
                Connect(id, "False", side);
                Connect(side, "Done", join);
                previous = (join, "Done");
                n += 3;
                column += 3;
            }
            else
            {
                Add(id, "Elsa.WriteLine", $"Steg {n}", column, 0, ("text", Literal("String", $"Steg {n}")));
                Connect(previous.Item1, previous.Item2, id);
                previous = (id, "Done");
                n++;
                column++;
            }
        }
        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = $"Benchmark: {count} aktiviteter",
            ["version"] = 1,
            ["variables"] = new JsonArray(),
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "root", ["activities"] = activities, ["connections"] = connections },
        };
    }

    private static string Ms(double value) => $"{value.ToString("F0", CultureInfo.InvariantCulture)} ms";

    private sealed record Sample(double Drawn, double Interactive, double Answer, double ShowAll, double Scripts, double Data, double Fetched, double Render, double Responses);

    /// <summary>The host as in production (PostgreSQL, Hangfire on it), with an API key for staff and no definitions folder.</summary>
    private sealed class BenchmarkHost(string connectionString) : WebApplicationFactory<host::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Not "Production": a Production host refuses the dev tools (mail to the dev mailbox here).
            builder.UseEnvironment("Benchmark");
            builder.UseContentRoot(Path.Combine(Repository.Root(), "src", "Host"));
            builder.UseSetting("Kundportal:Database", "Postgres");
            builder.UseSetting("ConnectionStrings:Kundportal", connectionString);
            builder.UseSetting("Kundportal:PublicBaseUrl", "https://kundportal.example.se");
            builder.UseSetting("Kundportal:DefinitionsFolder", "");
            builder.UseSetting("Kundportal:DevTools", "true");
            builder.UseSetting("Kundportal:ApiKeys:0:Name", "benchmark");
            builder.UseSetting("Kundportal:ApiKeys:0:Key", StaffKey);
            builder.UseSetting("Kundportal:ApiKeys:0:Roles:0", "Staff");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // A fresh database: the start-up's "does the migrations table exist yet" probe is expected to fail once.
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
        }
    }
}
