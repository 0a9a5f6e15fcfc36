using System.Text;

namespace Elsa.Kundportal.Activities.Agreements;

/// <summary>
/// One version of the terms the Beställare reads and accepts on the order form ("Villkor för beställning"), kept in the
/// repository as <c>Agreements/bestallningsvillkor-{version}.md</c> in the same form as the kundavtal. The order records
/// which version was accepted.
/// </summary>
public sealed class OrderTermsText
{
    private const string Prefix = "bestallningsvillkor-";

    private OrderTermsText(string version, string text)
    {
        Version = version;
        Blocks = CustomerAgreementText.Parse(text);
    }

    public string Version { get; }

    public IReadOnlyList<AgreementBlock> Blocks { get; }

    /// <summary>The title of the text (its <c>#</c> line).</summary>
    public string Title => Blocks.FirstOrDefault(b => b.Kind == AgreementBlockKind.Title)?.Text ?? "Villkor för beställning";

    /// <summary>The version the order form shows.</summary>
    public static OrderTermsText Current { get; } = Load();

    private static OrderTermsText Load()
    {
        var assembly = typeof(OrderTermsText).Assembly;
        var newest = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Select(n => (Name: n, Version: n[Prefix.Length..^".md".Length]))
            .OrderBy(n => int.TryParse(n.Version, out var number) ? number : int.MaxValue).ThenBy(n => n.Version, StringComparer.Ordinal)
            .LastOrDefault();
        if (newest.Name is null)
            throw new InvalidOperationException("No order terms are embedded (Agreements/bestallningsvillkor-{version}.md).");
        using var stream = assembly.GetManifestResourceStream(newest.Name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new OrderTermsText(newest.Version, reader.ReadToEnd().ReplaceLineEndings("\n"));
    }
}
