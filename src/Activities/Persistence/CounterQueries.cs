using Elsa.Kundportal.Activities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Activities.Persistence;

public static class CounterQueries
{
    /// <summary>
    /// The next number of a counter. The update takes the row's lock until the caller's transaction ends,
    /// so concurrent steps get distinct numbers, and a rolled-back step gives its number back.
    /// </summary>
    public static Task<long> NextNumberAsync(this KundportalDbContext db, string counter, CancellationToken cancellationToken) =>
        db.NextNumbersAsync(counter, 1, cancellationToken);

    /// <summary>Takes the next <paramref name="count"/> consecutive numbers of a counter in one update (as <see cref="NextNumberAsync"/>) and returns the first.</summary>
    public static async Task<long> NextNumbersAsync(this KundportalDbContext db, string counter, int count, CancellationToken cancellationToken)
    {
        var updated = await db.Counters.Where(c => c.Name == counter).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + count), cancellationToken);
        if (updated == 0)
            throw new InvalidOperationException($"The counter '{counter}' is missing; run the Kundportal migrations.");
        return await db.Counters.Where(c => c.Name == counter).Select(c => c.Value).SingleAsync(cancellationToken) - count + 1;
    }
}
