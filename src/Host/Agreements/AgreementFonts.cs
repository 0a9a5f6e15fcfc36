using PdfSharp.Fonts;

namespace Elsa.Kundportal.Host.Agreements;

/// <summary>
/// PDFsharp's fonts on every platform: Linux has no font resolver of its own, and a fresh machine may have no fonts at
/// all, so every family is served DejaVu Sans (Bitstream Vera licence, see <c>Fonts/LICENSE-DejaVu.txt</c>) from this
/// assembly; bold and italic are simulated.
/// </summary>
internal sealed class AgreementFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Face = "DejaVuSans";
    private static readonly Lazy<byte[]> Regular = new(() =>
    {
        using var stream = typeof(AgreementFonts).Assembly.GetManifestResourceStream("Agreements.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The font DejaVuSans.ttf is not embedded in the host.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
    private static readonly Lock Gate = new();

    /// <summary>Makes this PDFsharp's font resolver, once per process (PDFsharp refuses a change after its first use).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not AgreementFonts)
                GlobalFontSettings.FontResolver = new AgreementFonts();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Face, bold, italic);

    public byte[]? GetFont(string faceName) => faceName == Face ? Regular.Value : null;
}
