namespace Elsa.Kundportal.Host.Portal;

public static class PortalPagesSetup
{
    /// <summary>What the pages by role read: the menu, the person's own tasks and the organisations' orders.</summary>
    public static IServiceCollection AddPortalPages(this IServiceCollection services) => services
        .AddScoped<PortalNavigation>()
        .AddScoped<MyTasks>()
        .AddScoped<OrganisationOrders>();
}
