using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Components.Dashboard;

namespace Elsa.Kundportal.Host.Tests.Operations;

/// <summary>What the operations page shows of a decision's BankID completion: who, the device, the document; not the blobs.</summary>
public sealed class BankIdCompletionFormatTests
{
    [Fact]
    public void Completion_ShowsPersonDeviceAndDocument_ButNotTheSignatureOrOcspBlobs()
    {
        var signature = Convert.ToBase64String(new byte[3000]);
        var ocsp = Convert.ToBase64String(new byte[900]);
        var data = new JsonObject
        {
            ["method"] = "BankID", ["reference"] = "order-ref-1", ["documentHash"] = "q83vEjRWeJA=",
            ["bankIdCompletion"] = new JsonObject
            {
                ["user"] = new JsonObject { ["personalNumber"] = "198112189876", ["name"] = "Agnes Attestant" },
                ["device"] = new JsonObject { ["ipAddress"] = "192.0.2.10" },
                ["bankIdIssueDate"] = "2020-02-01",
                ["signature"] = signature,
                ["ocspResponse"] = ocsp,
            },
        }.ToJsonString();

        var shown = DashboardFormat.BankIdCompletion(data);

        var text = string.Join("\n", shown.Select(r => $"{r.Label}: {r.Value}"));
        Assert.Contains("Personnummer: 198112189876", text, StringComparison.Ordinal);
        Assert.Contains("Namn: Agnes Attestant", text, StringComparison.Ordinal);
        Assert.Contains("Enhetens IP-adress: 192.0.2.10", text, StringComparison.Ordinal);
        Assert.Contains("BankID-order: order-ref-1", text, StringComparison.Ordinal);
        Assert.Contains("Dokumentets SHA-256: q83vEjRWeJA=", text, StringComparison.Ordinal);
        Assert.Contains("Underskrift: finns", text, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ocsp, text, StringComparison.Ordinal);
        Assert.Empty(DashboardFormat.BankIdCompletion(new JsonObject { ["method"] = "SMS" }.ToJsonString()));
        Assert.Empty(DashboardFormat.BankIdCompletion(null));
    }
}
