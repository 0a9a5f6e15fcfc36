using Elsa.Kundportal.Testing;
using Elsa.Kundportal.Workflows.Definitions;
using Elsa.Kundportal.Workflows.Outbox;
using Elsa.Kundportal.Workflows.Persistence;
using Elsa.Kundportal.Workflows.Runtime;
using Elsa.Kundportal.Workflows.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Elsa.Kundportal.Workflows.Tests.Support;

/// <summary>One engine (one service provider, standing for one node) on a database of its own or a shared one.</summary>
public sealed class TestEngine : IAsyncDisposable
{
    private TestEngine(ServiceProvider services, FakeTimeProvider clock, WorkflowsDatabase database, RecordingTransport mail)
    {
        Services = services;
        Clock = clock;
        Database = database;
        Mail = mail;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public WorkflowsDatabase Database { get; }
    public RecordingTransport Mail { get; }
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();
    public DueWorkProcessor Timers => Services.GetRequiredService<DueWorkProcessor>();
    public OutboxDispatcher Outbox => Services.GetRequiredService<OutboxDispatcher>();

    public static async Task<WorkflowsDatabase> NewDatabaseAsync(DatabaseProvider provider = DatabaseProvider.Postgres) =>
        provider == DatabaseProvider.Postgres
            ? WorkflowsDatabase.Postgres(await PostgresCluster.Shared.CreateDatabaseAsync("engine"))
            : WorkflowsDatabase.Sqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"engine-{Guid.NewGuid():N}.db")};Default Timeout=60");

    /// <summary>A test clock at the same start for every test, shared by the engines (nodes) a test starts.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Starts an engine on <paramref name="database"/> (a new PostgreSQL database when null).</summary>
    public static async Task<TestEngine> StartAsync(WorkflowsDatabase? database = null, FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        database ??= await NewDatabaseAsync();
        clock ??= NewClock();
        var mail = new RecordingTransport();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWorkflows(database);
        services.AddActivitiesFrom(typeof(TestEngine).Assembly);
        services.AddSingleton<IMessageTransport>(mail);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await provider.GetRequiredService<WorkflowsStartup>().InitialiseAsync();
        return new TestEngine(provider, clock, database, mail);
    }

    /// <summary>Imports and publishes a definition, returning its definition id.</summary>
    public async Task<string> PublishAsync(string json)
    {
        var result = await Definitions.ImportAsync(json, publish: true, "test");
        return result.Definition.DefinitionId;
    }

    public async Task<T> QueryAsync<T>(Func<WorkflowsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowsDbContext>());
    }

    public Task<WorkflowInstanceRecord> InstanceAsync(Guid id) => QueryAsync(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == id));

    public Task<List<JournalEntryRecord>> JournalAsync(Guid id) =>
        QueryAsync(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync());

    public Task<List<BookmarkRecord>> BookmarksAsync(Guid id) =>
        QueryAsync(db => db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt).ThenBy(b => b.ActivityId).ToListAsync());

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

/// <summary>Records delivered messages, and tells a test when a number of them have arrived.</summary>
public sealed class RecordingTransport : IMessageTransport
{
    private readonly List<OutboxMessageRecord> _sent = [];

    public string Channel => OutboxChannels.Email;

    public IReadOnlyList<OutboxMessageRecord> Sent
    {
        get
        {
            lock (_sent)
                return [.. _sent];
        }
    }

    public Task SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add(message);
            foreach (var waiter in _waiters.Where(w => _sent.Count >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
        return Task.CompletedTask;
    }

    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Completes when <paramref name="count"/> messages have been delivered (for work done by background servers).</summary>
    public Task WhenSentAsync(int count, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sent)
        {
            if (_sent.Count >= count)
                return Task.CompletedTask;
            _waiters.Add((count, done));
        }
        return done.Task.WaitAsync(timeout);
    }
}
