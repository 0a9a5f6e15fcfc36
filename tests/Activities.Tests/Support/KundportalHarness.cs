using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Activities.Process;
using Elsa.Kundportal.Activities.Roles;
using Elsa.Kundportal.Activities.Tasks;
using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Activities.Tests.Support;

/// <summary>
/// The engine and the Kundportal on a fresh database (PostgreSQL by default), with a fake clock, the
/// definitions from workflows-json and the standard parties. Tests drive it only through the public API:
/// start, answer links found in the outbox, publish role changes, advance time and run due timers.
/// </summary>
internal sealed partial class KundportalHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    public const string BaseUrl = "https://kundportal.test";

    private KundportalHarness(ServiceProvider services, FakeTimeProvider clock)
    {
        Services = services;
        Clock = clock;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public DateTimeOffset Now => Clock.GetUtcNow();
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public AgentOrderProcess Process => Services.GetRequiredService<AgentOrderProcess>();
    public RoleAdministration Roles => Services.GetRequiredService<RoleAdministration>();
    public KundportalQueries Queries => Services.GetRequiredService<KundportalQueries>();
    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();
    public RecordingTransport Transport => Services.GetRequiredService<RecordingTransport>();

    public static string DefinitionsFolder => Path.Combine(AppContext.BaseDirectory, "workflows-json");

    public static async Task<KundportalHarness> CreateAsync(bool importDefinitions = true, WorkflowsDatabase? database = null)
    {
        database ??= WorkflowsDatabase.Postgres(await PostgresCluster.Shared.CreateDatabaseAsync("kundportal"));
        var clock = new FakeTimeProvider(Epoch);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWorkflows(database, o => o.DefinitionsFolder = importDefinitions ? DefinitionsFolder : null);
        services.AddKundportal(database, o => o.PublicBaseUrl = BaseUrl);
        services.AddSingleton<RecordingTransport>();
        services.AddSingleton<IMessageTransport>(sp => sp.GetRequiredService<RecordingTransport>());
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<WorkflowsStartup>().InitialiseAsync();
        await provider.GetRequiredService<KundportalStartup>().InitialiseAsync();
        return new KundportalHarness(provider, clock);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    // ---- parties -------------------------------------------------------------------------------

    /// <summary>Inera's handläggare and the agent with its administrator, Beställare, Handläggare agent (NPÖ, Journalen) and Attestant.</summary>
    public async Task SeedStandardPartiesAsync(bool agentCaseOfficer = true, bool agentAttestant = true)
    {
        await AddPersonAsync(CatalogueSeed.IneraOrganisationNumber, People.IneraOfficer, "Ingrid Inera", KundportalRole.IneraCaseOfficer);
        await Roles.SaveOrganisationAsync(People.AgentNumber, "Journalsystem AB", OrganisationKind.Agent);
        await AddPersonAsync(People.AgentNumber, People.AgentAdmin, "Adam Agentadmin", KundportalRole.Administrator);
        await AddPersonAsync(People.AgentNumber, People.AgentOrderer, "Bo Beställare", KundportalRole.Orderer);
        if (agentCaseOfficer)
        {
            await AddPersonAsync(People.AgentNumber, People.AgentCaseOfficer, "Hanna Handläggare", KundportalRole.AgentCaseOfficer, "NPO");
            await Roles.AssignRoleAsync(People.AgentNumber, People.AgentCaseOfficer, KundportalRole.AgentCaseOfficer, "seed", "JOURNALEN");
        }
        if (agentAttestant)
            await AddPersonAsync(People.AgentNumber, People.AgentAttestant, "Agnes Attestant", KundportalRole.Attestant);
    }

    /// <summary>A customer that already has a kundavtal, with an administrator and (optionally) Beställare and Attestant.</summary>
    public async Task SeedExistingCustomerAsync(bool orderer = true, bool attestant = true)
    {
        await Roles.SaveOrganisationAsync(People.ExistingCustomerNumber, "Kommunen", OrganisationKind.Customer, hasCustomerAgreement: true);
        await AddPersonAsync(People.ExistingCustomerNumber, People.CustomerAdmin, "Alva Admin", KundportalRole.Administrator);
        if (orderer)
            await AddPersonAsync(People.ExistingCustomerNumber, People.CustomerOrderer, "Britt Beställare", KundportalRole.Orderer);
        if (attestant)
            await AddPersonAsync(People.ExistingCustomerNumber, People.CustomerAttestant, "Axel Attestant", KundportalRole.Attestant);
    }

    public async Task AddPersonAsync(string organisationNumber, string email, string name, KundportalRole role, string? serviceCode = null)
    {
        await Roles.SaveUserAsync(email, name, "070-123 45 67");
        Assert.Null(await Roles.SetPersonalNumberAsync(email, People.PersonalNumberFor(email), "seed"));
        await Roles.AssignRoleAsync(organisationNumber, email, role, "seed", serviceCode);
    }

    // ---- starting ------------------------------------------------------------------------------

    public static ApplicationForm Application(string name = "Region Norr") => new()
    {
        OrganisationName = name,
        Administrator = new ContactDetails { Name = "Alva Admin", Email = People.CustomerAdmin, Phone = "070-111 11 11" },
        Signatory = new ContactDetails { Name = "Fredrik Firmatecknare", Email = People.Signatory, Phone = "070-222 22 22", PersonalNumber = People.PersonalNumberFor(People.Signatory) },
        AgreementContact = new ContactDetails { Name = "Karin Kontakt", Email = People.AgreementContact, Phone = "070-333 33 33" },
    };

    public async Task<Guid> StartNewCustomerAsync(int? version = null)
    {
        var result = await Process.StartAsync(new AgentOrderStart
        {
            OrganisationNumber = People.NewCustomerNumber, AgentOrganisationNumber = People.AgentNumber, Application = Application(),
        }, People.CustomerAdmin, version);
        Assert.True(result.Started, result.Message);
        return result.Step!.InstanceId;
    }

    public async Task<Guid> StartExistingCustomerAsync(int? version = null)
    {
        var result = await Process.StartAsync(new AgentOrderStart
        {
            OrganisationNumber = People.ExistingCustomerNumber, AgentOrganisationNumber = People.AgentNumber,
        }, People.CustomerAdmin, version);
        Assert.True(result.Started, result.Message);
        return result.Step!.InstanceId;
    }

    // ---- answering links -----------------------------------------------------------------------

    [GeneratedRegex(@"/tasks/([A-Za-z0-9_\-]+)")]
    private static partial Regex TaskLink();

    /// <summary>The token of the newest personal link e-mailed to <paramref name="email"/> (optionally with a subject containing the text).</summary>
    public async Task<string> LinkAsync(string email, string? subjectContains = null)
    {
        var mails = await MailsAsync();
        var mail = mails.Where(m => m.Recipient == email && (subjectContains is null || m.Subject.Contains(subjectContains, StringComparison.Ordinal)))
            .LastOrDefault(m => TaskLink().IsMatch(m.Body))
            ?? throw new Xunit.Sdk.XunitException($"No task link was e-mailed to {email}{(subjectContains is null ? "" : $" about '{subjectContains}'")}. Mails: {Describe(mails)}");
        Assert.Contains($"{BaseUrl}/tasks/", mail.Body, StringComparison.Ordinal);
        return TaskLink().Match(mail.Body).Groups[1].Value;
    }

    /// <summary>Every link token e-mailed to <paramref name="email"/> about <paramref name="subjectContains"/>, oldest first.</summary>
    public async Task<List<string>> LinksAsync(string email, string subjectContains) =>
        [.. (await MailsAsync()).Where(m => m.Recipient == email && m.Subject.Contains(subjectContains, StringComparison.Ordinal) && TaskLink().IsMatch(m.Body))
            .Select(m => TaskLink().Match(m.Body).Groups[1].Value)];

    /// <summary>Opens the newest link e-mailed to <paramref name="email"/> as that person and answers it.</summary>
    public async Task<ResumeResult> AnswerAsync(string email, object answer, string? subjectContains = null) =>
        await AnswerTokenAsync(await LinkAsync(email, subjectContains), email, answer);

    /// <summary>
    /// Answers as the person. When the answer carries <c>authentication</c> (method, verifiedAt, sessionStartedAt) the
    /// harness first does what the host does after a BankID order completed or an SMS code was typed right: it records
    /// the proof for this link, person and decision (with <c>bankId</c> as the completion data). The step never reads
    /// <c>authentication</c> itself; <see cref="ResumeAsIsAsync"/> sends an answer without recording anything.
    /// </summary>
    public async Task<ResumeResult> AnswerTokenAsync(string token, string actor, object answer)
    {
        var input = Json(answer);
        if (input is JsonObject o && o["authentication"] is JsonObject facts && TaskAnswer.TextOf(facts["method"]) is "BankID" or "SMS")
        {
            var decision = TaskAnswer.TextOf(o["decision"]) ?? "";
            await ProveAsync(token, actor, decision, TaskAnswer.TextOf(facts["method"])!, TaskAnswer.TextOf(o["reason"]),
                sessionStartedAt: facts["sessionStartedAt"]?.GetValue<DateTimeOffset>(), verifiedAt: facts["verifiedAt"]?.GetValue<DateTimeOffset>(),
                completion: o["bankId"]?.ToJsonString(), withoutLogin: facts["sessionStartedAt"] is null);
        }
        return await ResumeAsIsAsync(token, actor, input);
    }

    /// <summary>Resumes with exactly this input, as an API caller could: no proof is recorded.</summary>
    public Task<ResumeResult> ResumeAsIsAsync(string token, string actor, object answer) =>
        Runtime.ResumeAsync(BookmarkAddress.ByToken(token), new ResumeRequest(actor) { Input = answer as JsonNode ?? Json(answer) });

    /// <summary>
    /// Records a step-up proof for the link <paramref name="token"/> as the host would: over the document the task shows
    /// for <paramref name="decision"/> and <paramref name="reason"/>, signed (for BankID) by <paramref name="personalNumber"/>
    /// or else by the person the task asks for. <paramref name="verifiedAt"/> moves the recorded time (a stale proof).
    /// </summary>
    public async Task<StepUpProof> ProveAsync(string token, string actor, string decision, string method = "BankID", string? reason = null,
        DateTimeOffset? sessionStartedAt = null, DateTimeOffset? verifiedAt = null, string? personalNumber = null, string? completion = null, string? documentReason = null, bool withoutLogin = false)
    {
        BookmarkRecord bookmark;
        await using (var scope = Services.CreateAsyncScope())
        {
            var hash = BookmarkToken.HashOf(token);
            bookmark = await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Bookmarks.AsNoTracking().SingleAsync(b => b.TokenHash == hash);
        }
        var proofs = Services.GetRequiredService<StepUpProofs>();
        var target = await proofs.TargetAsync(bookmark, actor, decision, documentReason ?? reason)
            ?? throw new Xunit.Sdk.XunitException($"{bookmark.ActivityType} takes no step-up.");
        var proof = await proofs.RecordAsync(bookmark, actor, decision, method, $"ref-{Guid.NewGuid():N}", target.Document.Hash, withoutLogin ? null : sessionStartedAt ?? Now,
            method == "BankID" ? personalNumber ?? target.PersonalNumber : null, completion);
        if (verifiedAt is { } at && at != proof.VerifiedAt)
            await DomainAsync(db => db.StepUpProofs.Where(p => p.Id == proof.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.VerifiedAt, at)));
        return proof;
    }

    /// <summary>Answers and requires that the answer was accepted.</summary>
    public async Task AnswerOkAsync(string email, object answer, string? subjectContains = null)
    {
        var result = await AnswerAsync(email, answer, subjectContains);
        Assert.True(result.Succeeded, $"{email}: {result.Outcome} {result.Message} {string.Join("; ", result.FieldErrors?.Select(e => $"{e.Key}={e.Value}") ?? [])}");
    }

    public static JsonNode Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!;

    public object Attest(string decision = "Attested", string method = "BankID", DateTimeOffset? sessionStartedAt = null, string? reason = null) => new
    {
        decision,
        reason,
        authentication = new { method, reference = $"ref-{Guid.NewGuid():N}", verifiedAt = Now, sessionStartedAt = sessionStartedAt ?? Now },
    };

    public object Sign() => new
    {
        decision = "Signed",
        authentication = new { method = "BankID", reference = "bankid-order-1", verifiedAt = Now, sessionStartedAt = Now },
    };

    public static object Order(string service = "NPO", string offering = "NPO-PRODUCENT", bool termsAccepted = true, object[]? careUnits = null) => new
    {
        serviceCode = service,
        offeringCode = offering,
        careUnits = careUnits ?? [new { hsaId = "SE2321000016-15BK", name = "Vårdcentralen Norr" }, new { hsaId = "SE2321000016-16CD", name = "Vårdcentralen Syd" }],
        termsAccepted,
    };

    public static object Proceed(string attestant = People.AgentAttestant, string? invoiceNumber = null) => new
    {
        decision = "Proceed",
        termsAccepted = true,
        invoicing = new { organisationNumber = invoiceNumber ?? People.AgentNumber, reference = "Kst 4711", address = "Box 1, 111 11 Stockholm" },
        attestantEmail = attestant,
    };

    // ---- roles, time ---------------------------------------------------------------------------

    /// <summary>What the customer's administrator does on the role page: adds the user and assigns the role (raising "roles changed").</summary>
    public async Task<int> AssignAsync(string organisationNumber, string email, string name, KundportalRole role, string? serviceCode = null)
    {
        await Roles.SaveUserAsync(email, name);
        Assert.Null(await Roles.SetPersonalNumberAsync(email, People.PersonalNumberFor(email), People.CustomerAdmin));
        return await Roles.AssignRoleAsync(organisationNumber, email, role, People.CustomerAdmin, serviceCode);
    }

    /// <summary>Moves the clock and runs the timers that became due, as the scheduler would.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return await Services.GetRequiredService<DueWorkProcessor>().RunDueTimersAsync();
    }

    // ---- reading state -------------------------------------------------------------------------

    public async Task<List<OutboxMessageRecord>> MailsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>();
        var mails = await db.Outbox.AsNoTracking().ToListAsync();
        return [.. mails.OrderBy(m => m.CreatedAt)];
    }

    /// <summary>The mails written at or after <paramref name="since"/> (tests move the clock before each action).</summary>
    public async Task<List<OutboxMessageRecord>> MailsSinceAsync(DateTimeOffset since) =>
        [.. (await MailsAsync()).Where(m => m.CreatedAt >= since)];

    public async Task<WorkflowInstanceRecord> InstanceAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Instances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<List<JournalEntryRecord>> JournalAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Journal.AsNoTracking()
            .Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync();
    }

    public async Task<List<BookmarkRecord>> BookmarksAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>().Bookmarks.AsNoTracking()
            .Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt).ToListAsync();
    }

    public async Task<Order> OrderAsync(Guid instanceId) =>
        await Queries.FindOrderByInstanceAsync(instanceId) ?? throw new Xunit.Sdk.XunitException($"Instance {instanceId} has no order.");

    public async Task<T> DomainAsync<T>(Func<KundportalDbContext, Task<T>> query)
    {
        await using var db = Services.GetRequiredService<KundportalDbContextFactory>().CreateDbContext();
        return await query(db);
    }

    /// <summary>The decisions journalled for an instance: activity, outcome and actor, in order.</summary>
    public async Task<List<(string? Activity, string? Outcome, string? Actor)>> DecisionsAsync(Guid id) =>
        [.. (await JournalAsync(id)).Where(j => j.Kind == "Decision").Select(j => (j.ActivityId, j.Outcome, j.Actor))];

    public static string Describe(IEnumerable<OutboxMessageRecord> mails) =>
        string.Join("\n", mails.Select(m => $"  {m.CreatedAt:MM-dd HH:mm} {m.Recipient}: {m.Subject}"));

    /// <summary>Asserts that exactly these (recipient, subject) pairs were e-mailed, in any order.</summary>
    public static void AssertMails(IEnumerable<OutboxMessageRecord> mails, params (string Recipient, string Subject)[] expected)
    {
        var actual = mails.Select(m => (m.Recipient, m.Subject)).OrderBy(m => m.Recipient).ThenBy(m => m.Subject).ToList();
        var wanted = expected.OrderBy(m => m.Recipient).ThenBy(m => m.Subject).ToList();
        Assert.True(wanted.SequenceEqual(actual), $"Expected mails:\n{string.Join("\n", wanted.Select(m => $"  {m.Recipient}: {m.Subject}"))}\nActual:\n{string.Join("\n", actual.Select(m => $"  {m.Recipient}: {m.Subject}"))}");
    }
}

/// <summary>Records delivered messages instead of sending them.</summary>
internal sealed class RecordingTransport : IMessageTransport
{
    private readonly List<OutboxMessageRecord> _sent = [];
    private readonly Lock _lock = new();

    public string Channel => OutboxChannels.Email;

    public IReadOnlyList<OutboxMessageRecord> Sent
    {
        get
        {
            lock (_lock)
                return [.. _sent];
        }
    }

    public Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        lock (_lock)
            _sent.Add(message);
        return Task.CompletedTask;
    }
}
