using Elsa.Kundportal.Host.Api.Activities;
using Elsa.Kundportal.Host.Api.Bookmarks;
using Elsa.Kundportal.Host.Api.Definitions;
using Elsa.Kundportal.Host.Api.Events;
using Elsa.Kundportal.Host.Api.Instances;
using Elsa.Kundportal.Host.Infrastructure.Authentication;

namespace Elsa.Kundportal.Host.Api;

/// <summary>The engine's REST API under <c>/elsa/api</c>, shaped like Elsa's, for staff and machines.</summary>
internal static class ElsaApi
{
    public const string Prefix = "/elsa/api";

    public static RouteGroupBuilder MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(KundportalAuthentication.StaffPolicy);
        api.MapActivityDescriptorsApi();
        api.MapWorkflowDefinitionsApi();
        api.MapWorkflowInstancesApi();
        api.MapBookmarksApi();
        api.MapEventsApi();
        return api;
    }
}
