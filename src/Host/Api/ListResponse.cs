namespace Elsa.Kundportal.Host.Api;

/// <summary>A list as Elsa's API returns it (<c>ListResponse&lt;T&gt;</c>: <c>items</c> and <c>count</c>).</summary>
internal sealed record ListResponse<T>(IReadOnlyList<T> Items, int Count);

/// <summary>One page of a longer list, as Elsa's <c>PagedListResponse&lt;T&gt;</c>. <see cref="Page"/> counts from 0.</summary>
internal sealed record PagedResponse<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize)
{
    /// <summary>What the caller may do with the list (Elsa Studio offers bulk actions only when they are linked).</summary>
    public IReadOnlyList<Link>? Links { get; init; }
}

/// <summary>An action on a resource, as Elsa's linked entities carry them (Elsa Studio reads <c>rel</c>).</summary>
internal sealed record Link(string Href, string Rel, string Method);
