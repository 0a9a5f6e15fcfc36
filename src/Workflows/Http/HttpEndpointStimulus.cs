using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Workflows.Http;

/// <summary>
/// How an HTTP endpoint is addressed: the stimulus <c>Elsa.HttpEndpoint</c> with the payload <c>{ path, method }</c>,
/// hashed with the engine's canonical stimulus hash. The path is the route template as written (e.g. <c>orders/{id}</c>),
/// without the leading and trailing slashes and in lower case, and the method in lower case, as Elsa keeps them, so the
/// host finds a request's triggers and bookmarks by one indexed lookup of the template's hash.
/// </summary>
public static class HttpEndpointStimulus
{
    public const string Name = "Elsa.HttpEndpoint";

    /// <summary>The route template without surrounding slashes, its route value names as written.</summary>
    public static string NormalisePath(string? path) => (path ?? "").Trim().Trim('/');

    public static JsonObject Payload(string path, string method) =>
        new() { ["path"] = NormalisePath(path).ToLowerInvariant(), ["method"] = method.Trim().ToLowerInvariant() };

    public static string Hash(string path, string method) => Stimulus.Hash(Name, Payload(path, method));
}
