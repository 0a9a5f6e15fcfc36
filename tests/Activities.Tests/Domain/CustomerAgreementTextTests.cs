using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;

namespace Elsa.Kundportal.Activities.Tests.Domain;

/// <summary>The kundavtal's text versions and what a signature over them names.</summary>
public sealed class CustomerAgreementTextTests
{
    [Fact]
    public void CurrentVersion_IsInTheRepository_WithItsSha256OverTheText_AndReadsAsTitleHeadingsAndParagraphs()
    {
        var text = CustomerAgreementText.Current;
        Assert.Equal("1", text.Version);
        Assert.Same(text, CustomerAgreementText.Find("1"));
        Assert.Null(CustomerAgreementText.Find("999"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Text))), text.Sha256);
        Assert.DoesNotContain('\r', text.Text);
        Assert.Equal(AgreementBlockKind.Title, text.Blocks[0].Kind);
        Assert.Contains(text.Blocks, b => b.Kind == AgreementBlockKind.Heading);
        Assert.Contains(text.Blocks, b => b.Kind == AgreementBlockKind.ListItem && b.Text.StartsWith("Kontaktperson för avtalet", StringComparison.Ordinal));
    }

    [Fact]
    public void SignedDocument_NamesTheVersionAndItsHash_AndAnotherVersionIsAnotherDocument()
    {
        var agreement = new Agreement
        {
            Id = Guid.NewGuid(), OrganisationId = Guid.NewGuid(), SignatoryName = "Fredrik Firmatecknare", SignatoryEmail = "f@region.test",
            TextVersion = CustomerAgreementText.Current.Version,
        };
        var document = SignedDocument.ForAgreement(agreement, null, "Region Test", "Signed", null);
        Assert.Contains($"Avtalstext: version {CustomerAgreementText.Current.Version}", document.Text, StringComparison.Ordinal);
        Assert.Contains(CustomerAgreementText.Current.Sha256, document.Text, StringComparison.Ordinal);
        var canonical = JsonNode.Parse(document.Canonical)!;
        Assert.Equal(CustomerAgreementText.Current.Version, (string?)canonical["agreementVersion"]);
        Assert.Equal(CustomerAgreementText.Current.Sha256, (string?)canonical["agreementTextSha256"]);

        // An agreement made before versions were kept is signed in the current one; a version not in the repository is refused.
        agreement.TextVersion = null;
        Assert.Equal(document.Hash, SignedDocument.ForAgreement(agreement, null, "Region Test", "Signed", null).Hash);
        agreement.TextVersion = "999";
        Assert.Throws<InvalidOperationException>(() => SignedDocument.ForAgreement(agreement, null, "Region Test", "Signed", null));
    }
}
