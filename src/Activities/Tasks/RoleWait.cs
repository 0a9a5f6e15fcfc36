using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Workflows.Runtime;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// How a step waits for roles: the organisation's Administratör(s) are told (Ineras Kundservice when it has none),
/// and a durable event bookmark waits for <see cref="KundportalEvents.RolesChanged"/> of that organisation. The engine
/// burns the bookmark on resume, so one role change continues the step once.
/// </summary>
public static class RoleWait
{
    public const string Kundservice = "Ineras Kundservice";

    /// <summary>Waits for "roles changed" of the organisation; returns the bookmark's id.</summary>
    public static Guid ForRolesChanged(StepScope step, string organisationNumber) =>
        step.Context.CreateBookmark(new BookmarkOptions
        {
            Name = Workflows.Activities.Event.StimulusName,
            Payload = Workflows.Activities.Event.PayloadFor(KundportalEvents.RolesChanged(organisationNumber)),
            Metadata = new JsonObject { ["organisationNumber"] = organisationNumber },
        }).Id;

    /// <summary>Whether the step was resumed by a "roles changed" event rather than a person or a timer.</summary>
    public static bool ResumedByRolesChanged(StepScope step) => step.Context.ResumedBookmark?.Name == Workflows.Activities.Event.StimulusName;

    /// <summary>The organisation's Administratör(s), or Ineras Kundservice (no user id) when it has none.</summary>
    public static async Task<IReadOnlyList<TaskRecipient>> AdministratorsAsync(StepScope step, Guid organisationId)
    {
        var admins = await step.RecipientsWithRoleAsync(organisationId, KundportalRole.Administrator);
        return admins.Count > 0 ? admins : [new TaskRecipient(User.NormaliseEmail(step.Options.KundserviceEmail), Kundservice)];
    }
}
