using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Domain;

namespace Elsa.Kundportal.Activities.Tasks;

/// <summary>
/// What a person confirms with BankID or an SMS code: <see cref="Text"/>, exactly what BankID shows (simpleMarkdownV1,
/// with names rather than codes), and <see cref="Canonical"/>, the same facts as one compact JSON document whose SHA-256
/// (<see cref="Hash"/>, base64) goes to BankID as <c>userNonVisibleData</c> and into the proof. The host builds it to
/// start the confirmation; the step builds it again from the records it is about to change and accepts the proof only
/// when the hashes agree, so a proof for another decision, reason or version of the order does not count.
/// </summary>
public sealed partial record SignedDocument(string Text, string Canonical)
{
    public string Hash { get; } = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));

    /// <summary>The agreement's signature (Signed) or the signatory declining it (Declined, with the reason).</summary>
    public static SignedDocument ForAgreement(Agreement agreement, Application? application, string customerName, string decision, string? reason)
    {
        var agreementText = TextOf(agreement);
        var number = application is null ? null : OrganisationNumber.Parse(application.OrganisationNumber).ToString();
        var party = number is null ? Escape(customerName) : $"{Escape(customerName)} ({number})";
        var text = new StringBuilder()
            .Append("# Kundavtal mellan ").Append(Escape(customerName)).Append(" och Inera\n\n");
        if (decision == "Declined")
        {
            text.Append("Jag, ").Append(Escape(agreement.SignatoryName)).Append(", avböjer att signera kundavtalet mellan ")
                .Append(party).Append(" och Inera AB.\n\n")
                .Append("+ Motivering: ").Append(Escape(reason ?? "")).Append('\n');
        }
        else
        {
            text.Append("Jag, ").Append(Escape(agreement.SignatoryName)).Append(", signerar kundavtalet mellan ")
                .Append(party).Append(" och Inera AB som företrädare/firmatecknare.\n\n")
                .Append("+ Avtalstext: version ").Append(Escape(agreementText.Version)).Append('\n')
                .Append("+ Avtalstextens SHA-256: ").Append(agreementText.Sha256).Append('\n');
            if (application is not null)
            {
                text.Append("+ Administratör: ").Append(Escape(application.Administrator.Name)).Append('\n')
                    .Append("+ Kontaktperson för avtalet: ").Append(Escape(application.AgreementContact.Name)).Append('\n');
            }
        }
        var canonical = new JsonObject
        {
            ["document"] = "kundavtal",
            ["agreementId"] = agreement.Id,
            ["organisationNumber"] = application?.OrganisationNumber,
            ["organisationName"] = customerName,
            ["signatory"] = new JsonObject
            {
                ["name"] = agreement.SignatoryName,
                ["email"] = agreement.SignatoryEmail,
                ["personalNumber"] = agreement.SignatoryPersonalNumber,
            },
            ["agreementVersion"] = agreementText.Version,
            ["agreementTextSha256"] = agreementText.Sha256,
            ["decision"] = decision,
            ["reason"] = decision == "Declined" ? reason : null,
            ["text"] = text.ToString(),
        };
        return new SignedDocument(text.ToString(), canonical.ToJsonString(Compact));
    }

    /// <summary>The version of the kundavtal's text <paramref name="agreement"/> is signed in: its own, or the current one for an agreement made before versions were kept.</summary>
    public static CustomerAgreementText TextOf(Agreement agreement) =>
        CustomerAgreementText.Find(agreement.TextVersion)
        ?? throw new InvalidOperationException($"The kundavtal text version {agreement.TextVersion} is not in the repository.");

    /// <summary>An attestation (Attested) or cancellation (Cancelled, with the reason) of an order by one party's attestant.</summary>
    public static SignedDocument ForOrder(Order order, Service? service, Organisation customer, Organisation agent, string party, string decision, string? reason)
    {
        var offering = service?.Offerings.FirstOrDefault(o => o.Code == order.OfferingCode)?.Name ?? order.OfferingCode;
        var serviceName = service?.Name ?? order.ServiceCode;
        var text = new StringBuilder();
        if (decision == "Cancelled")
        {
            text.Append("# Avbryt beställning ").Append(order.CaseNumber).Append("\n\n")
                .Append("Jag avbryter beställningen som ").Append(party).Append(" attestant.\n\n")
                .Append("+ Motivering: ").Append(Escape(reason ?? "")).Append('\n');
        }
        else
        {
            text.Append("# Attest av beställning ").Append(order.CaseNumber).Append("\n\n")
                .Append("Jag attesterar beställningen som ").Append(party).Append(" attestant.\n\n");
        }
        text.Append("+ Kund: ").Append(Escape(customer.Name)).Append(" (").Append(OrganisationNumber.Parse(customer.OrganisationNumber)).Append(")\n")
            .Append("+ Agent: ").Append(Escape(agent.Name)).Append('\n')
            .Append("+ Tjänst: ").Append(Escape(serviceName)).Append('\n')
            .Append("+ Erbjudande: ").Append(Escape(offering)).Append('\n');
        foreach (var line in order.Lines.Where(l => l.CareUnitHsaId is not null).OrderBy(l => l.ItemNumber))
            text.Append("+ Vårdenhet: ").Append(Escape(line.CareUnitName ?? "")).Append(" (").Append(Escape(line.CareUnitHsaId!)).Append(")\n");
        text.Append("+ Uppstartskostnad: ").Append(MailText.Money(order.StartupFee)).Append(order.IsAdditionalOrder ? " (tilläggsbeställning)" : "").Append('\n');

        var canonical = new JsonObject
        {
            ["document"] = "attest",
            ["orderId"] = order.Id,
            ["caseNumber"] = order.CaseNumber,
            ["party"] = party,
            ["customer"] = customer.OrganisationNumber,
            ["agent"] = agent.OrganisationNumber,
            ["service"] = order.ServiceCode,
            ["offering"] = order.OfferingCode,
            ["lines"] = new JsonArray([.. order.Lines.OrderBy(l => l.ItemNumber).Select(l => (JsonNode)new JsonObject
            {
                ["itemNumber"] = l.ItemNumber, ["hsaId"] = l.CareUnitHsaId, ["name"] = l.CareUnitName,
            })]),
            ["startupFee"] = order.StartupFee,
            ["decision"] = decision,
            ["reason"] = decision == "Cancelled" ? reason : null,
            ["text"] = text.ToString(),
        };
        return new SignedDocument(text.ToString(), canonical.ToJsonString(Compact));
    }

    /// <summary>The text as a person reads it on a page: the markdown's heading and list marks and escapes removed.</summary>
    public string PlainText => Plain(Text);

    /// <summary><see cref="PlainText"/> of any simpleMarkdownV1 text this class wrote.</summary>
    public static string Plain(string text) =>
        string.Join("\n", (text ?? "").Split('\n').Select(line => Escaped().Replace(
            line.StartsWith("# ", StringComparison.Ordinal) ? line[2..] : line.StartsWith("+ ", StringComparison.Ordinal) ? "– " + line[2..] : line, "$1"))).Trim();

    [System.Text.RegularExpressions.GeneratedRegex(@"\\([\\*#+|])")]
    private static partial System.Text.RegularExpressions.Regex Escaped();

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // simpleMarkdownV1 gives *, #, +, | and \ a meaning: names typed by people are shown as they are.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '*' or '#' or '+' or '|')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
