using System.Net;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Tests.Support;

namespace Elsa.Kundportal.Host.Tests.Api;

public sealed class WorkflowDefinitionsApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private const string Definitions = "/elsa/api/workflow-definitions";
    private readonly HttpClient _staff = fixture.Host.Staff();

    [Fact]
    public async Task SaveDraft_ValidDefinition_StoresDraftThatListGetAndVersionsShow()
    {
        var id = TestDefinitions.NewId();

        var saved = await (await _staff.PostJsonAsync(Definitions, TestDefinitions.Review(id))).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.True(saved["isValid"]!.GetValue<bool>());
        Assert.True(saved["changed"]!.GetValue<bool>());
        Assert.Equal(1, saved["workflowDefinition"]!["version"]!.GetValue<int>());
        Assert.False(saved["workflowDefinition"]!["isPublished"]!.GetValue<bool>());
        Assert.Equal(KundportalHost.StaffActor, saved["workflowDefinition"]!["createdBy"]!.GetValue<string>());

        var draft = await (await _staff.GetAsync($"{Definitions}/by-definition-id/{id}?versionOptions=Draft")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, draft["definitionId"]!.GetValue<string>());
        Assert.Equal("Elsa.Flowchart", draft["root"]!["type"]!.GetValue<string>());

        var list = await (await _staff.GetAsync(Definitions)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list["items"]!.AsArray(), d => d!["definitionId"]!.GetValue<string>() == id);

        var versions = await (await _staff.GetAsync($"{Definitions}/{id}/versions")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, versions["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task SaveDraft_UnknownActivityType_IsSavedWithErrorsNamingTheJsonPath()
    {
        var id = TestDefinitions.NewId();
        var definition = TestDefinitions.Review(id);
        definition["root"]!["activities"]![1]!["type"] = "Elsa.NoSuchThing";

        var saved = await (await _staff.PostJsonAsync(Definitions, definition)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.False(saved["isValid"]!.GetValue<bool>());
        var error = Assert.Single(saved["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "$.root.activities[1].type");
        Assert.Equal("review", error!["activityId"]!.GetValue<string>());
    }

    [Fact]
    public async Task SaveDraft_WithoutDefinitionId_Is400WithThePathAsKey()
    {
        var definition = TestDefinitions.Review(TestDefinitions.NewId());
        definition.Remove("definitionId");

        var problem = await (await _staff.PostJsonAsync(Definitions, definition)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["$.definitionId"]);
    }

    [Fact]
    public async Task Publish_DraftWithErrors_Is422WithErrorsAndLeavesTheStoreUnchanged()
    {
        var id = TestDefinitions.NewId();
        var definition = TestDefinitions.Review(id);
        definition["root"]!["connections"]![1]!["source"]!["port"] = "Kanske";
        await (await _staff.PostJsonAsync(Definitions, definition)).ExpectJsonAsync(HttpStatusCode.OK);

        var problem = await (await _staff.PostAsync($"{Definitions}/{id}/publish", null)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]!["$.root.connections[1].source.port"]);
        Assert.NotEmpty(problem["validationErrors"]!.AsArray());
        var versions = await (await _staff.GetAsync($"{Definitions}/{id}/versions")).ExpectJsonAsync(HttpStatusCode.OK);
        var only = Assert.Single(versions["items"]!.AsArray());
        Assert.False(only!["isPublished"]!.GetValue<bool>());
        Assert.Null(only["publishedAt"]);
        await (await _staff.GetAsync($"{Definitions}/by-definition-id/{id}?versionOptions=Published")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publish_ValidDraft_MakesItThePublishedVersion()
    {
        var id = TestDefinitions.NewId();
        await (await _staff.PostJsonAsync(Definitions, TestDefinitions.Review(id))).ExpectJsonAsync(HttpStatusCode.OK);

        var published = (await (await _staff.PostAsync($"{Definitions}/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK))["workflowDefinition"]!;

        Assert.True(published["isPublished"]!.GetValue<bool>());
        Assert.Equal(KundportalHost.StaffActor, published["publishedBy"]!.GetValue<string>());
        var current = await (await _staff.GetAsync($"{Definitions}/by-definition-id/{id}?versionOptions=Published")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, current["version"]!.GetValue<int>());
        Assert.True(current["isPublished"]!.GetValue<bool>());
        // Nothing left to publish: as Elsa, the published version is answered with alreadyPublished.
        var again = await (await _staff.PostAsync($"{Definitions}/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((true, 1), (again["alreadyPublished"]!.GetValue<bool>(), again["workflowDefinition"]!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Publish_UnknownDefinition_Is404()
    {
        await (await _staff.PostAsync($"{Definitions}/{TestDefinitions.NewId()}/publish", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExportThenImport_RoundTripsTheDefinition()
    {
        var id = TestDefinitions.NewId();
        await (await _staff.PostJsonAsync(Definitions, TestDefinitions.Review(id))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await _staff.PostAsync($"{Definitions}/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var export = await _staff.GetAsync($"{Definitions}/{id}/export?versionOptions=Published");
        var exported = await export.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal($"{id}-v1.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);

        // The same content again changes nothing: the export reads back as the stored version.
        var same = await (await _staff.PostJsonAsync($"{Definitions}/import", exported)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(same["changed"]!.GetValue<bool>());
        Assert.Equal(1, same["version"]!.GetValue<int>());

        // Under another definition id it becomes a published definition whose export matches the original.
        var copyId = TestDefinitions.NewId("copy");
        var copy = exported.DeepClone();
        copy["definitionId"] = copyId;
        var imported = await (await _staff.PostJsonAsync($"{Definitions}/import", copy)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(imported["changed"]!.GetValue<bool>());
        Assert.True(imported["isPublished"]!.GetValue<bool>());
        var reExported = await (await _staff.GetAsync($"{Definitions}/{copyId}/export")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(exported["root"], reExported["root"]));
        Assert.Equal(exported["name"]!.GetValue<string>(), reExported["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_PublishingDefinitionWithErrors_Is422AndStoresNothing()
    {
        var id = TestDefinitions.NewId();
        var definition = TestDefinitions.Review(id);
        definition["root"]!["activities"]![1]!["type"] = "Elsa.NoSuchThing";

        await (await _staff.PostJsonAsync($"{Definitions}/import?publish=true", definition)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        await (await _staff.GetAsync($"{Definitions}/{id}/versions")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retract_PublishedVersion_StopsItBeingPublished()
    {
        var id = TestDefinitions.NewId();
        await (await _staff.PostJsonAsync(Definitions, TestDefinitions.Review(id))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await _staff.PostAsync($"{Definitions}/{id}/publish", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var retracted = await (await _staff.PostAsync($"{Definitions}/{id}/retract?version=1", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.False(retracted["isPublished"]!.GetValue<bool>());
        await (await _staff.PostAsync($"{Definitions}/{id}/retract?version=1", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await _staff.PostAsync($"{Definitions}/{id}/retract?version=7", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        // Without a version, as Elsa retracts: the published version, and there is none left.
        await (await _staff.PostAsync($"{Definitions}/{id}/retract", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retract_WithoutVersion_RetractsThePublishedVersion()
    {
        var id = TestDefinitions.NewId();
        await (await _staff.PostJsonAsync(Definitions, new JsonObject { ["model"] = TestDefinitions.Review(id), ["publish"] = true })).ExpectJsonAsync(HttpStatusCode.OK);

        var retracted = await (await _staff.PostJsonAsync($"{Definitions}/{id}/retract", new JsonObject())).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal((1, false), (retracted["version"]!.GetValue<int>(), retracted["isPublished"]!.GetValue<bool>()));
        Assert.Contains(retracted["links"]!.AsArray(), l => l!["rel"]!.GetValue<string>() == "publish");
        await (await _staff.GetAsync($"{Definitions}/by-definition-id/{id}?versionOptions=Published")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validate_ReportsErrorsWithoutStoring()
    {
        var id = TestDefinitions.NewId();
        var definition = TestDefinitions.Review(id);
        ((JsonObject)definition["root"]!["activities"]![1]!).Remove("taskName");

        var report = await (await _staff.PostJsonAsync($"{Definitions}/validate", definition)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.False(report["isValid"]!.GetValue<bool>());
        Assert.Contains(report["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "$.root.activities[1].taskName");
        await (await _staff.GetAsync($"{Definitions}/{id}/versions")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var valid = await (await _staff.PostJsonAsync($"{Definitions}/validate", TestDefinitions.Review(id))).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(valid["isValid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetByDefinitionId_UnknownVersionOptions_Is400()
    {
        var problem = await (await _staff.GetAsync($"{Definitions}/by-definition-id/x?versionOptions=Newest")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["versionOptions"]);
    }

    [Fact]
    public async Task ActivityDescriptors_ListTheBuiltInActivities()
    {
        var descriptors = await (await _staff.GetAsync("/elsa/api/descriptors/activities")).ExpectJsonAsync(HttpStatusCode.OK);

        var userTask = Assert.Single(descriptors["items"]!.AsArray(), d => d!["typeName"]!.GetValue<string>() == "Elsa.UserTask");
        Assert.Equal("Task", userTask!["kind"]!.GetValue<string>());
        Assert.Contains(userTask["inputs"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "taskName");
    }
}
