namespace Elsa.Kundportal.Workflows.Http;

/// <summary>Settings for the HTTP activities' outgoing calls.</summary>
public sealed class HttpActivityOptions
{
    /// <summary>How long an outgoing call may take before it counts as timed out (default 100 s, as HttpClient's).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The largest response body an outgoing call reads into the workflow, in bytes (default 1 MiB).</summary>
    public long MaxResponseContentLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long past the timeout a node keeps its claim on a call before another node may make it again (after a crash).
    /// </summary>
    public TimeSpan ClaimMargin { get; set; } = TimeSpan.FromMinutes(1);
}
