using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Workflows.Runtime;

/// <summary>What an activity asks for when it waits.</summary>
public sealed record BookmarkOptions
{
    /// <summary>The stimulus name; defaults to the activity's type name.</summary>
    public string? Name { get; init; }
    /// <summary>The stimulus payload that is hashed with the name (e.g. an event name).</summary>
    public JsonNode? Payload { get; init; }
    /// <summary>Issue a link token (256 random bits); only its hash is stored.</summary>
    public bool IssueToken { get; init; }
    /// <summary>Only this actor may resume the bookmark.</summary>
    public string? Recipient { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>Resume automatically at this time (a durable timer).</summary>
    public DateTimeOffset? ResumeAt { get; init; }
    /// <summary>Application data kept with the bookmark, not hashed.</summary>
    public JsonObject? Metadata { get; init; }
}

/// <summary>A created bookmark. <see cref="Token"/> is the only copy of the link token.</summary>
public sealed record CreatedBookmark(Guid Id, string? Token);
