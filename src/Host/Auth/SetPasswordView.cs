using Microsoft.AspNetCore.Antiforgery;

namespace Elsa.Kundportal.Host.Auth;

/// <summary>What the set-password page shows: the form for a working link, or a message (with links onwards) for one that does not work.</summary>
public sealed record SetPasswordView
{
    public required string Title { get; init; }
    public IReadOnlyList<string> Paragraphs { get; init; } = [];
    public IReadOnlyList<(string Href, string Text)> Links { get; init; } = [];

    /// <summary>The account's e-mail address, shown read-only above the form.</summary>
    public string? Email { get; init; }
    /// <summary>Where the form posts (the link itself); null for a message page.</summary>
    public string? FormAction { get; init; }
    public AntiforgeryTokenSet? Antiforgery { get; init; }
    /// <summary>The password rules in words.</summary>
    public string? Rules { get; init; }
    /// <summary>Messages by field name: <c>password</c>, <c>confirm</c>.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();
}
