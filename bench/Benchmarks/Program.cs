using System.Globalization;
using Elsa.Kundportal.Benchmarks;
using Elsa.Kundportal.Benchmarks.Http;

// Usage: dotnet run -c Release --project bench/Benchmarks [engine] [designer] [dashboard] [http] [--seconds N] [--runs N] [--instances N] [--clients N]
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(10);
var suites = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToHashSet(StringComparer.OrdinalIgnoreCase);
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(20);
var runAll = suites.Count == 0;

Console.WriteLine($"Elsa.Kundportal benchmark: {Environment.ProcessorCount} cores, {seconds} s per phase, {TimeProvider.System.GetLocalNow():yyyy-MM-dd HH:mm}");
if (runAll || suites.Contains("engine"))
    await new EngineBenchmark(Console.Out, TimeSpan.FromSeconds(seconds)).RunAsync();
if (runAll || suites.Contains("designer"))
    await new DesignerBenchmark(Console.Out, runs).RunAsync();
if (runAll || suites.Contains("dashboard"))
    await new DashboardBenchmark(Console.Out, args.SkipWhile(a => a != "--instances").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1_000_000)).RunAsync();
if (runAll || suites.Contains("http"))
    await new HttpBenchmark(Console.Out, TimeSpan.FromSeconds(seconds), args.SkipWhile(a => a != "--clients").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(8)).RunAsync();
