namespace Elsa.Kundportal.Activities.Process;

/// <summary>
/// The workflow variables the Kundportal steps share (declared in the definitions). Each holds a
/// domain id as text; the step that creates the record sets it, the later steps read it.
/// </summary>
public static class ProcessVariables
{
    /// <summary>Set by <c>CustomerApplication</c>.</summary>
    public const string CustomerOrganisationId = "CustomerOrganisationId";
    /// <summary>Set by <c>CustomerApplication</c>.</summary>
    public const string AgentOrganisationId = "AgentOrganisationId";
    /// <summary>Set by <c>CustomerApplication</c> when an application was made.</summary>
    public const string ApplicationId = "ApplicationId";
    /// <summary>Set by <c>ApproveApplication</c> on approval.</summary>
    public const string AgreementId = "AgreementId";
    /// <summary>Set by <c>PlaceOrder</c>.</summary>
    public const string OrderId = "OrderId";

    public static IReadOnlyList<string> All { get; } = [CustomerOrganisationId, AgentOrganisationId, ApplicationId, AgreementId, OrderId];
}

/// <summary>Events the process waits for (published with <c>WorkflowRuntime.PublishEventAsync</c>).</summary>
public static class KundportalEvents
{
    /// <summary>
    /// Raised when a role is assigned or revoked in an organisation (<see cref="Roles.RoleAdministration"/> does it):
    /// <c>RolesChanged:{ten digits}</c>. Publish it without a correlation id: instances of other customers may wait for an agent's roles.
    /// </summary>
    public static string RolesChanged(string organisationNumber) => $"RolesChanged:{Domain.OrganisationNumber.Parse(organisationNumber).Digits}";
}
