namespace Elsa.Kundportal.Host.Api;

/// <summary>A list as Elsa's API returns it.</summary>
internal sealed record ListResponse<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>One page of a longer list. <see cref="Page"/> counts from 0.</summary>
internal sealed record PagedResponse<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);
