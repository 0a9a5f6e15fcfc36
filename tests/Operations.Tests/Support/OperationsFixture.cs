namespace Elsa.Kundportal.Operations.Tests.Support;

/// <summary>A host on its own database with the two agents seeded; tests make their own customers.</summary>
public sealed class OperationsFixture : IAsyncLifetime
{
    public OperationsHost Host { get; } = new();
    public Scenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Scenario = new Scenario(Host);
        await Scenario.AgentsAsync();
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}
