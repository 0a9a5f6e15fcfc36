using Elsa.Kundportal.Activities.Agreements;
using Elsa.Kundportal.Activities.Catalogue;
using Elsa.Kundportal.Activities.Domain;
using Elsa.Kundportal.Activities.Tasks;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Elsa.Kundportal.Host.Agreements;

/// <summary>
/// The PDF of a signed kundavtal (PDFsharp): who signed it, when and how, the text version and its SHA-256, the
/// BankID document's hash, and then the whole text of that version. A4, wrapped and paged; text in WinAnsi so readers
/// can search and copy it.
/// </summary>
public static class AgreementPdf
{
    private const double Margin = 56;
    private static readonly XPdfFontOptions Encoding = new(PdfFontEncoding.WinAnsi);

    public static byte[] Render(SignedAgreement signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        AgreementFonts.Install();
        var agreement = signed.Agreement;
        using var document = new PdfDocument();
        document.Info.Title = $"Kundavtal mellan {signed.Organisation.Name} och Inera AB, version {signed.Text.Version}";
        document.Info.Author = "Inera Kundportal";
        document.Info.Subject = $"Avtalstext version {signed.Text.Version}, SHA-256 {signed.TextSha256}";
        document.Info.CreationDate = signed.SignedAt.UtcDateTime;

        var writer = new Writer(document);
        writer.Line($"Kundavtal mellan {signed.Organisation.Name} och Inera AB", 16, bold: true, after: 10);
        writer.Line($"Kund: {signed.Organisation.DisplayName}", 10);
        writer.Line($"Inera AB ({OrganisationNumber.Parse(CatalogueSeed.IneraOrganisationNumber)})", 10);
        writer.Line($"Signerat av: {agreement.SignatoryName}, företrädare/firmatecknare", 10);
        writer.Line($"Signerat: {MailText.Date(signed.SignedAt)} med {agreement.SigningMethod ?? "BankID"}", 10);
        writer.Line($"Avtalstext: version {signed.Text.Version}", 10);
        writer.Line("Avtalstextens SHA-256:", 10);
        writer.Line(signed.TextSha256, 9);
        if (agreement.SignedDocumentHash is { } hash)
        {
            writer.Line("Det signerade dokumentets SHA-256 (base64, skickat till BankID):", 10);
            writer.Line(hash, 9);
        }
        if (agreement.SigningReference is { } reference)
            writer.Line($"BankID-referens: {reference}", 10);
        writer.Gap(16);

        foreach (var block in signed.Text.Blocks)
        {
            switch (block.Kind)
            {
                case AgreementBlockKind.Title:
                    writer.Paragraph(block.Text, 14, bold: true, after: 8);
                    break;
                case AgreementBlockKind.Heading:
                    writer.Paragraph(block.Text, 12, bold: true, after: 4, before: 6);
                    break;
                case AgreementBlockKind.ListItem:
                    writer.Paragraph("– " + block.Text, 10, after: 3, indent: 12);
                    break;
                default:
                    writer.Paragraph(block.Text, 10, after: 6);
                    break;
            }
        }
        writer.Finish();

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Writes lines top to bottom, wrapping words to the page width and starting a new page at the bottom margin.</summary>
    private sealed class Writer(PdfDocument document)
    {
        private XGraphics? _graphics;
        private PdfPage? _page;
        private double _y;

        public void Line(string text, double size, bool bold = false, double after = 2) => Paragraph(text, size, bold, after);

        public void Gap(double height) => _y += height;

        public void Paragraph(string text, double size, bool bold = false, double after = 0, double before = 0, double indent = 0)
        {
            var font = new XFont(AgreementFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Encoding);
            Ensure();
            _y += before;
            var width = _page!.Width.Point - 2 * Margin - indent;
            var lineHeight = size * 1.35;
            foreach (var line in Wrap(text, font, width))
            {
                if (_y + lineHeight > _page.Height.Point - Margin)
                    NewPage();
                _graphics!.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + size));
                _y += lineHeight;
            }
            _y += after;
        }

        public void Finish() => _graphics?.Dispose();

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics!.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                    line = candidate;
            }
            if (line.Length > 0)
                yield return line;
        }

        private void Ensure()
        {
            if (_page is null)
                NewPage();
        }

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Size = PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }
    }
}
