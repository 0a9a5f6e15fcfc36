using System.Security.Cryptography;
using System.Text;

namespace Elsa.Kundportal.Activities.Agreements;

public enum AgreementBlockKind
{
    Title,
    Heading,
    Paragraph,
    ListItem,
}

/// <summary>One block of the agreement text as pages and the PDF show it.</summary>
public sealed record AgreementBlock(AgreementBlockKind Kind, string Text);

/// <summary>
/// One version of the kundavtal's text, kept in the repository as <c>Agreements/kundavtal-{version}.md</c> (a title
/// <c>#</c>, headings <c>##</c>, list items <c>-</c> and paragraphs). <see cref="Sha256"/> (lowercase hex) is taken over
/// the text with LF line ends, so the same version always has the same checksum; the signature names both.
/// </summary>
public sealed class CustomerAgreementText
{
    private CustomerAgreementText(string version, string text)
    {
        Version = version;
        Text = text;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        Blocks = Parse(text);
    }

    public string Version { get; }
    public string Text { get; }
    public string Sha256 { get; }
    public IReadOnlyList<AgreementBlock> Blocks { get; }

    /// <summary>The version new agreements are made with.</summary>
    public static CustomerAgreementText Current => All[^1];

    /// <summary>Every version kept in the repository, oldest first.</summary>
    public static IReadOnlyList<CustomerAgreementText> All { get; } = Load();

    /// <summary>The version <paramref name="version"/>; the current one when none is named (agreements made before versions were kept).</summary>
    public static CustomerAgreementText? Find(string? version) =>
        version is null ? Current : All.FirstOrDefault(t => t.Version == version);

    private static List<CustomerAgreementText> Load()
    {
        var assembly = typeof(CustomerAgreementText).Assembly;
        const string prefix = "kundavtal-";
        var texts = new List<CustomerAgreementText>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = string.Join("\n", reader.ReadToEnd().ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).Trim() + "\n";
            texts.Add(new CustomerAgreementText(name[prefix.Length..^".md".Length], text));
        }
        if (texts.Count == 0)
            throw new InvalidOperationException("No kundavtal text is embedded (Agreements/kundavtal-{version}.md).");
        return [.. texts.OrderBy(t => int.TryParse(t.Version, out var n) ? n : int.MaxValue).ThenBy(t => t.Version, StringComparer.Ordinal)];
    }

    internal static List<AgreementBlock> Parse(string text)
    {
        var blocks = new List<AgreementBlock>();
        var paragraph = new StringBuilder();
        void Flush()
        {
            if (paragraph.Length > 0)
                blocks.Add(new AgreementBlock(AgreementBlockKind.Paragraph, paragraph.ToString()));
            paragraph.Clear();
        }
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                Flush();
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new AgreementBlock(AgreementBlockKind.Heading, line[3..]));
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new AgreementBlock(AgreementBlockKind.Title, line[2..]));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new AgreementBlock(AgreementBlockKind.ListItem, line[2..]));
            }
            else
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(line);
        }
        Flush();
        return blocks;
    }
}
