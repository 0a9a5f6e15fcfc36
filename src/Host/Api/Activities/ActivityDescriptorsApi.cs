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
            .WithSummary("Every activity type: inputs, outputs, outcomes and kind.");
        return api;
    }

    private static Ok<ListResponse<ActivityDescriptor>> List(ActivityRegistry registry)
    {
        var descriptors = registry.Descriptors;
        return TypedResults.Ok(new ListResponse<ActivityDescriptor>([.. descriptors], descriptors.Count));
    }
}
