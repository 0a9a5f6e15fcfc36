using Elsa.Kundportal.Workflows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elsa.Kundportal.Workflows.Tests.Definitions;

public sealed class StartupImportTests
{
    [Fact]
    public async Task DefinitionsFolder_IsImportedAtEveryStart_OnlyChangedContentMakesANewVersion()
    {
        var folder = Directory.CreateTempSubdirectory("definitions").FullName;
        File.Copy("Fixtures/fork-three-branches.json", Path.Combine(folder, "fork.json"));
        var database = await TestEngine.NewDatabaseAsync();
        void UseFolder(IServiceCollection s) => s.Configure<WorkflowsOptions>(o => o.DefinitionsFolder = folder);

        await using (var first = await TestEngine.StartAsync(database, configure: UseFolder))
            Assert.Equal([1], (await first.Definitions.ListVersionsAsync("fixture-fork")).Select(v => v.Version));
        await using (var second = await TestEngine.StartAsync(database, configure: UseFolder))
            Assert.Equal([1], (await second.Definitions.ListVersionsAsync("fixture-fork")).Select(v => v.Version));

        var changed = (await File.ReadAllTextAsync(Path.Combine(folder, "fork.json"))).Replace("\"value\": \"Left\"", "\"value\": \"Vänster\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "fork.json"), changed);
        await using var third = await TestEngine.StartAsync(database, configure: UseFolder);
        var versions = await third.Definitions.ListVersionsAsync("fixture-fork");
        Assert.Equal([(1, false), (2, true)], versions.Select(v => (v.Version, v.IsLatest)));
        Assert.All(versions, v => Assert.True(v.IsPublished));
    }

    [Fact]
    public async Task FourNodesStartingAtOnce_WithTheSameFolder_MakeOneVersion_AndOneMoreWhenItChanged()
    {
        var folder = Directory.CreateTempSubdirectory("definitions").FullName;
        File.Copy("Fixtures/fork-three-branches.json", Path.Combine(folder, "fork.json"));
        File.Copy("Fixtures/timer-then-writeline.json", Path.Combine(folder, "timer.json"));
        var database = await TestEngine.NewDatabaseAsync();
        void UseFolder(IServiceCollection s) => s.Configure<WorkflowsOptions>(o => o.DefinitionsFolder = folder);
        async Task<TestEngine[]> StartFourAsync()
        {
            using var go = new ManualResetEventSlim();
            var starting = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                go.Wait();
                return await TestEngine.StartAsync(database, configure: UseFolder);
            })).ToList();
            go.Set();
            return await Task.WhenAll(starting);
        }

        foreach (var node in await StartFourAsync())
            await node.DisposeAsync();
        var changed = (await File.ReadAllTextAsync(Path.Combine(folder, "fork.json"))).Replace("\"value\": \"Left\"", "\"value\": \"Vänster\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "fork.json"), changed);
        var nodes = await StartFourAsync();

        var fork = await nodes[0].Definitions.ListVersionsAsync("fixture-fork");
        Assert.Equal([(1, false), (2, true)], fork.Select(v => (v.Version, v.IsLatest)));
        Assert.Equal([1], (await nodes[0].Definitions.ListVersionsAsync("fixture-timer")).Select(v => v.Version));
        foreach (var node in nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task DefinitionsFolder_WithAnInvalidFile_FailsStartupNamingTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("definitions").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"),
            """{"definitionId":"broken","isPublished":true,"root":{"type":"Elsa.Flowchart","activities":[{"id":"a","type":"Acme.Nope"}],"connections":[]}}""");

        var error = await Assert.ThrowsAsync<Workflows.Definitions.WorkflowDefinitionInvalidException>(() =>
            TestEngine.StartAsync(configure: s => s.Configure<WorkflowsOptions>(o => o.DefinitionsFolder = folder)));

        Assert.Contains(error.Errors, e => e.Message.StartsWith("broken.json: Unknown activity type 'Acme.Nope'", StringComparison.Ordinal));
    }
}
