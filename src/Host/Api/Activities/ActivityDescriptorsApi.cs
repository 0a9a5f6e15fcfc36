using Elsa.Kundportal.Workflows.Descriptors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Elsa.Kundportal.Host.Api.Activities;

/// <summary>What the designer needs to know about every activity type.</summary>
internal static class ActivityDescriptorsApi
{
    public static IEndpointRouteBuilder MapActivityDescriptorsApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/descriptors").WithTags("Activity descriptors")
            .MapGet("/activities", List)
            .WithSummary("Every activity type in Elsa 3.8's descriptor shape: inputs (Elsa's UI hints), outputs, flow ports, kind (Action, Trigger, Job, Task), and the Elsa.Flowchart container.");
        return api;
    }

    private static Ok<ListResponse<ActivityDescriptor>> List(ActivityRegistry registry)
    {
        var descriptors = registry.Descriptors;
        return TypedResults.Ok(new ListResponse<ActivityDescriptor>([.. descriptors], descriptors.Count));
    }
}
