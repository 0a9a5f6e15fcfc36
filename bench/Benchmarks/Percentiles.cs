namespace Elsa.Kundportal.Benchmarks;

/// <summary>Percentiles of the suites' samples.</summary>
internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of sorted values; NaN when there are none.</summary>
    public static double Of(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
