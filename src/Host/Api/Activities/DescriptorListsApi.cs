using System.Text.Json.Nodes;
using Elsa.Kundportal.Workflows.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Activities;

/// <summary>
/// The lists Elsa Studio's editor loads besides the activities: expression syntaxes, variable types, storage drivers
/// and strategy choices. Each lists what this engine does; a strategy list it has no choice in is empty.
/// </summary>
internal static class DescriptorListsApi
{
    /// <summary>Variables live in the instance's state, saved with every step; that is Elsa's workflow-instance driver.</summary>
    public const string InstanceStorageDriver = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";

    private static readonly ExpressionDescriptor[] Expressions =
    [
        new(Expression.Literal, "Literal", IsSerializable: true, IsBrowsable: true, new Dictionary<string, string>()),
        new(Expression.JavaScript, "JavaScript", IsSerializable: true, IsBrowsable: true, new Dictionary<string, string> { ["MonacoLanguage"] = "javascript" }),
        new(Expression.Object, "Object", IsSerializable: true, IsBrowsable: false, new Dictionary<string, string> { ["MonacoLanguage"] = "json" }),
        new(Expression.Variable, "Variable", IsSerializable: true, IsBrowsable: false, new Dictionary<string, string>()),
    ];

    private static readonly VariableTypeDescriptor[] VariableTypes =
    [
        new("String", "Text", "Primitives", null),
        new("Boolean", "Boolean", "Primitives", null),
        new("Int32", "Int32", "Primitives", null),
        new("Int64", "Int64", "Primitives", null),
        new("Double", "Double", "Primitives", null),
        new("Decimal", "Decimal", "Primitives", null),
        new("TimeSpan", "TimeSpan", "Primitives", null),
        new("DateTimeOffset", "DateTimeOffset", "Primitives", null),
        new("Object", "Object", "Primitives", "Any JSON value."),
    ];

    private static readonly StorageDriverDescriptor[] StorageDrivers = [new(InstanceStorageDriver, "Workflow instance", 0, Deprecated: false)];

    public static IEndpointRouteBuilder MapDescriptorListsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/descriptors").WithTags("Activity descriptors");
        group.MapGet("/expression-descriptors", () => TypedResults.Ok(new ListResponse<ExpressionDescriptor>(Expressions, Expressions.Length)))
            .WithSummary("Expression syntaxes inputs may use: Literal, JavaScript, Object (JSON), Variable.");
        group.MapGet("/variables", () => TypedResults.Ok(new ItemsResponse<VariableTypeDescriptor>(VariableTypes)))
            .WithSummary("Types a workflow variable may have.");
        group.MapGet("/storage-drivers", () => TypedResults.Ok(new ItemsResponse<StorageDriverDescriptor>(StorageDrivers)))
            .WithSummary("Where variables are kept: in the instance's state.");
        group.MapGet("/workflow-activation-strategies", Empty<StrategyDescriptor>)
            .WithSummary("None to choose: a start with the same correlation id or idempotency key returns the same instance.");
        group.MapGet("/incident-strategies", Empty<StrategyDescriptor>)
            .WithSummary("None to choose: an activity that throws records an incident and faults the instance until it is retried.");
        group.MapGet("/log-persistence-strategies", Empty<StrategyDescriptor>)
            .WithSummary("None to choose: every step is journalled.");
        group.MapGet("/commit-strategies/workflows", Empty<CommitStrategyDescriptor>)
            .WithSummary("None to choose: every step commits in one transaction.");
        group.MapGet("/commit-strategies/activities", Empty<CommitStrategyDescriptor>)
            .WithSummary("None to choose: every step commits in one transaction.");
        group.MapGet("/output-converters", () => TypedResults.Ok(new ItemsResponse<JsonObject>([])))
            .WithSummary("None: outputs are stored as their JSON values.");
        return api;
    }

    private static Ok<ListResponse<T>> Empty<T>() => TypedResults.Ok(new ListResponse<T>([], 0));
}

internal sealed record ExpressionDescriptor(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IReadOnlyDictionary<string, string> Properties);

internal sealed record VariableTypeDescriptor(string TypeName, string DisplayName, string Category, string? Description);

internal sealed record StorageDriverDescriptor(string TypeName, string DisplayName, double Priority, bool Deprecated);

internal sealed record StrategyDescriptor(string TypeName, string DisplayName, string? Description);

internal sealed record CommitStrategyDescriptor(string Name, string DisplayName, string Description);

/// <summary>Elsa's lists that carry only <c>items</c>.</summary>
internal sealed record ItemsResponse<T>(IReadOnlyList<T> Items);
