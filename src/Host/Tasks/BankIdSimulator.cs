using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Elsa.Kundportal.Host.Tasks;

/// <summary>What <see cref="BankIdSimulator.Collect"/> answers, shaped like the BankID relying-party API's collect.</summary>
public sealed record BankIdCollect(string OrderRef, string Status, string? HintCode, JsonObject? CompletionData)
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Complete = "complete";
}

/// <summary>A started BankID order: the reference the relying party collects with and the token that starts the app.</summary>
public sealed record BankIdOrder(string OrderRef, string AutoStartToken, string UserVisibleData);

/// <summary>
/// A BankID simulator following the relying-party flow: <see cref="Sign"/> starts an order (orderRef, autoStartToken,
/// the text the user signs); the "app" (<c>/bankid-simulator/{autoStartToken}</c>) shows the text and lets the user sign
/// or cancel; <see cref="Collect"/> answers pending (<c>outstandingTransaction</c> until the app opened the order,
/// <c>userSign</c> while it waits for the user), then complete with completionData (user, signature, ocspResponse) or
/// failed (<c>userCancel</c>, <c>expiredTransaction</c> after three minutes). Never a real BankID service.
/// </summary>
public sealed class BankIdSimulator(TimeProvider clock)
{
    public static readonly TimeSpan OrderLifetime = TimeSpan.FromMinutes(3);

    private readonly ConcurrentDictionary<string, State> _orders = new(StringComparer.Ordinal);

    public BankIdOrder Sign(string email, string name, string userVisibleData)
    {
        var order = new BankIdOrder(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), userVisibleData);
        _orders[order.OrderRef] = new State(order, email, name, clock.GetUtcNow());
        return order;
    }

    /// <summary>The order the app was started with, for the simulator's app page.</summary>
    public BankIdOrder? Open(string autoStartToken)
    {
        var state = _orders.Values.FirstOrDefault(s => s.Order.AutoStartToken == autoStartToken);
        if (state is null)
            return null;
        lock (state)
            state.Opened = true;
        return state.Order;
    }

    /// <summary>The user signs (true) or cancels (false) in the app.</summary>
    public bool Answer(string autoStartToken, bool sign)
    {
        var state = _orders.Values.FirstOrDefault(s => s.Order.AutoStartToken == autoStartToken);
        if (state is null)
            return false;
        lock (state)
        {
            state.Opened = true;
            state.Answer ??= sign;
        }
        return true;
    }

    public BankIdCollect Collect(string orderRef)
    {
        if (!_orders.TryGetValue(orderRef, out var state))
            return new BankIdCollect(orderRef, BankIdCollect.Failed, "expiredTransaction", null);
        var now = clock.GetUtcNow();
        lock (state)
        {
            if (state.Answer == false)
                return new BankIdCollect(orderRef, BankIdCollect.Failed, "userCancel", null);
            if (state.Answer == true)
                return new BankIdCollect(orderRef, BankIdCollect.Complete, null, CompletionData(state, now));
            if (now - state.StartedAt > OrderLifetime)
                return new BankIdCollect(orderRef, BankIdCollect.Failed, "expiredTransaction", null);
            return new BankIdCollect(orderRef, BankIdCollect.Pending, state.Opened ? "userSign" : "outstandingTransaction", null);
        }
    }

    private static JsonObject CompletionData(State state, DateTimeOffset now)
    {
        // A stable, obviously simulated personal number per e-mail; the signature covers what was shown.
        var digits = string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(state.Email)).Take(4).Select(b => (b % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var names = state.Name.Split(' ', 2);
        var signature = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{state.Order.OrderRef}\n{state.Order.UserVisibleData}")));
        return new JsonObject
        {
            ["orderRef"] = state.Order.OrderRef,
            ["user"] = new JsonObject
            {
                ["personalNumber"] = $"19900101{digits}",
                ["name"] = state.Name,
                ["givenName"] = names[0],
                ["surname"] = names.Length > 1 ? names[1] : "",
            },
            ["device"] = new JsonObject { ["ipAddress"] = "127.0.0.1" },
            ["bankIdIssueDate"] = "2024-01-01",
            ["signature"] = signature,
            ["ocspResponse"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"simulated-ocsp:{state.Order.OrderRef}:{now:O}")),
            ["userVisibleData"] = state.Order.UserVisibleData,
            ["simulated"] = true,
        };
    }

    private sealed class State(BankIdOrder order, string email, string name, DateTimeOffset startedAt)
    {
        public BankIdOrder Order { get; } = order;
        public string Email { get; } = email;
        public string Name { get; } = name;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public bool Opened { get; set; }
        public bool? Answer { get; set; }
    }
}
