using Elsa.Kundportal.Host.Api.Activities;
using Elsa.Kundportal.Host.Api.Bookmarks;
using Elsa.Kundportal.Host.Api.Definitions;
using Elsa.Kundportal.Host.Api.Events;
using Elsa.Kundportal.Host.Api.Instances;
using Elsa.Kundportal.Host.Api.Server;
using Elsa.Kundportal.Host.Infrastructure.Authentication;

namespace Elsa.Kundportal.Host.Api;

/// <summary>The engine's REST API under <c>/elsa/api</c> on Elsa 3.8's routes and shapes, for staff, Elsa Studio and machines.</summary>
internal static class ElsaApi
{
    public const string Prefix = "/elsa/api";

    public static RouteGroupBuilder MapElsaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(KundportalAuthentication.StaffPolicy);
        api.MapServerInfoApi();
        api.MapActivityDescriptorsApi();
        api.MapDescriptorListsApi();
        api.MapWorkflowDefinitionsApi();
        api.MapDefinitionFilesApi();
        api.MapWorkflowInstancesApi();
        api.MapActivityExecutionsApi();
        api.MapBookmarksApi();
        api.MapEventsApi();
        return api;
    }
}
