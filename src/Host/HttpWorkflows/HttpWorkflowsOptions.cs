namespace Elsa.Kundportal.Host.HttpWorkflows;

/// <summary>Settings for requests to <c>/workflows/...</c> (configuration section <c>Kundportal:Http</c>).</summary>
internal sealed class HttpWorkflowsOptions
{
    public const string Section = "Kundportal:Http";

    /// <summary>The largest request body an HTTP endpoint accepts unless its <c>requestSizeLimit</c> says otherwise (default 1 MiB).</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;
}
