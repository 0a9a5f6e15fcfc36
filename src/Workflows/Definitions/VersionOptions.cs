namespace Elsa.Kundportal.Workflows.Definitions;

/// <summary>Which version of a definition to get, as in Elsa's API (<c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c>, <c>Draft</c>, or a number).</summary>
public readonly record struct VersionOptions(string Kind, int Version = 0)
{
    public static readonly VersionOptions Latest = new("Latest");
    public static readonly VersionOptions Published = new("Published");
    public static readonly VersionOptions LatestOrPublished = new("LatestOrPublished");
    public static readonly VersionOptions Draft = new("Draft");

    public static VersionOptions SpecificVersion(int version) => new("Version", version);

    /// <summary>Parses <c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c>, <c>Draft</c> or a version number.</summary>
    public static bool TryParse(string? text, out VersionOptions options)
    {
        options = Latest;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            options = SpecificVersion(n);
            return true;
        }
        foreach (var known in new[] { Latest, Published, LatestOrPublished, Draft })
        {
            if (string.Equals(known.Kind, text, StringComparison.OrdinalIgnoreCase))
            {
                options = known;
                return true;
            }
        }
        return false;
    }

    public override string ToString() => Kind == "Version" ? Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : Kind;
}
