using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Host.Auth;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>What <see cref="BankIdSimulator.CollectAsync"/> answers, shaped like the BankID relying-party API's collect.</summary>
public sealed record BankIdCollect(string OrderRef, string Status, string? HintCode, JsonObject? CompletionData)
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Complete = "complete";
}

/// <summary>A started BankID order: the reference the relying party collects with and the token that starts the app.</summary>
public sealed record BankIdOrder(string OrderRef, string AutoStartToken, string UserVisibleData);

/// <summary>
/// A BankID simulator following the relying-party flow: <see cref="SignAsync"/> starts an order (orderRef,
/// autoStartToken, the text the user signs); the "app" (<c>/bankid-simulator/{autoStartToken}</c>) shows the text and
/// lets the user sign or cancel; <see cref="CollectAsync"/> answers pending (<c>outstandingTransaction</c> until the app
/// opened the order, <c>userSign</c> while it waits for the user), then complete with completionData (user, signature,
/// ocspResponse) or failed (<c>userCancel</c>, <c>expiredTransaction</c> after three minutes). Orders are rows in the
/// portal's database, so a restart or another host in front of the same database sees them; the first answer wins.
/// Never a real BankID service.
/// </summary>
public sealed class BankIdSimulator(PortalIdentityDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan OrderLifetime = TimeSpan.FromMinutes(3);

    /// <summary>How long finished or abandoned orders are kept before a new order clears them away.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>Starts an order for <paramref name="email"/>, bound to <paramref name="purpose"/> (what it confirms).</summary>
    public async Task<BankIdOrder> SignAsync(string email, string name, string purpose, string userVisibleData, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.BankIdOrders.Where(o => o.StartedAt < now - KeptFor).ExecuteDeleteAsync(cancellationToken);
        var order = new BankIdOrderRecord
        {
            OrderRef = Guid.NewGuid().ToString(),
            AutoStartToken = Guid.NewGuid().ToString(),
            Email = email,
            Name = name,
            Purpose = purpose,
            UserVisibleData = userVisibleData,
            StartedAt = now,
        };
        db.BankIdOrders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return new BankIdOrder(order.OrderRef, order.AutoStartToken, order.UserVisibleData);
    }

    /// <summary>The order the app was started with, for the simulator's app page; marks it opened.</summary>
    public async Task<BankIdOrder?> OpenAsync(string autoStartToken, CancellationToken cancellationToken)
    {
        var order = await db.BankIdOrders.AsNoTracking().FirstOrDefaultAsync(o => o.AutoStartToken == autoStartToken, cancellationToken);
        if (order is null)
            return null;
        var now = clock.GetUtcNow();
        await db.BankIdOrders.Where(o => o.OrderRef == order.OrderRef && o.OpenedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OpenedAt, now), cancellationToken);
        return new BankIdOrder(order.OrderRef, order.AutoStartToken, order.UserVisibleData);
    }

    /// <summary>
    /// The user signs (true) or cancels (false) in the app. Returns the answer that stands (the first one given), or
    /// null when no such order waits for an answer.
    /// </summary>
    public async Task<bool?> AnswerAsync(string autoStartToken, bool sign, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var startedAfter = now - OrderLifetime;
        // One statement: of two answers racing (two hosts, a double click) the first is kept.
        await db.BankIdOrders.Where(o => o.AutoStartToken == autoStartToken && o.Answer == null && o.StartedAt >= startedAfter)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Answer, sign).SetProperty(o => o.AnsweredAt, now).SetProperty(o => o.OpenedAt, o => o.OpenedAt ?? now), cancellationToken);
        return await db.BankIdOrders.Where(o => o.AutoStartToken == autoStartToken).Select(o => o.Answer).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The order's state as the relying party sees it. An order started for another person or another purpose is
    /// answered like an unknown one, so an orderRef cannot be carried from one task to another.
    /// </summary>
    public async Task<BankIdCollect> CollectAsync(string orderRef, string email, string purpose, CancellationToken cancellationToken)
    {
        var order = await db.BankIdOrders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderRef == orderRef, cancellationToken);
        if (order is null || order.Email != email || order.Purpose != purpose)
            return new BankIdCollect(orderRef, BankIdCollect.Failed, "expiredTransaction", null);
        var now = clock.GetUtcNow();
        return order.Answer switch
        {
            false => new BankIdCollect(orderRef, BankIdCollect.Failed, "userCancel", null),
            true when order.AnsweredAt - order.StartedAt <= OrderLifetime => new BankIdCollect(orderRef, BankIdCollect.Complete, null, CompletionData(order)),
            _ when now - order.StartedAt > OrderLifetime => new BankIdCollect(orderRef, BankIdCollect.Failed, "expiredTransaction", null),
            _ => new BankIdCollect(orderRef, BankIdCollect.Pending, order.OpenedAt is null ? "outstandingTransaction" : "userSign", null),
        };
    }

    private static JsonObject CompletionData(BankIdOrderRecord order)
    {
        // A stable, obviously simulated personal number per e-mail; the signature covers what was shown.
        var digits = string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(order.Email)).Take(4).Select(b => (b % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var names = order.Name.Split(' ', 2);
        var signature = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{order.OrderRef}\n{order.UserVisibleData}")));
        return new JsonObject
        {
            ["orderRef"] = order.OrderRef,
            ["user"] = new JsonObject
            {
                ["personalNumber"] = $"19900101{digits}",
                ["name"] = order.Name,
                ["givenName"] = names[0],
                ["surname"] = names.Length > 1 ? names[1] : "",
            },
            ["device"] = new JsonObject { ["ipAddress"] = "127.0.0.1" },
            ["bankIdIssueDate"] = "2024-01-01",
            ["signature"] = signature,
            ["ocspResponse"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"simulated-ocsp:{order.OrderRef}:{order.AnsweredAt:O}")),
            ["userVisibleData"] = order.UserVisibleData,
            ["simulated"] = true,
        };
    }
}

/// <summary>A simulated BankID order as stored: who it was started for, what it confirms, and the app's answer.</summary>
public sealed class BankIdOrderRecord
{
    public required string OrderRef { get; set; }
    public required string AutoStartToken { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    /// <summary>What the order confirms, e.g. the bookmark being attested.</summary>
    public required string Purpose { get; set; }
    public required string UserVisibleData { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public bool? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}
