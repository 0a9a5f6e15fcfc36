using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elsa.Kundportal.Activities.Persistence;
using Elsa.Kundportal.Host.Auth;
using Microsoft.EntityFrameworkCore;

namespace Elsa.Kundportal.Host.BankId.Simulator;

/// <summary>
/// A stand-in for BankID for development, registered only when the development tools are on and no BankID is configured.
/// It answers like the Relying Party API v6.0: auth and sign give an orderRef and tokens; its "app"
/// (<c>/bankid-simulator/{autoStartToken}</c>) shows the text and lets the developer sign as the required person (or,
/// for a login, as any portal user's personnummer) or cancel; collect answers pending (<c>outstandingTransaction</c>
/// until the app opened the order, then <c>userSign</c>), then complete with completionData or failed
/// (<c>userCancel</c>, <c>expiredTransaction</c> after three minutes). A cancelled or unknown order answers
/// <c>invalidParameters</c>, as BankID does. Orders are rows in the portal's database. Never a real BankID service.
/// </summary>
public sealed class BankIdSimulator(PortalIdentityDbContext db, KundportalDbContextFactory domain, TimeProvider clock) : IBankIdClient
{
    public static readonly TimeSpan OrderLifetime = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    public Task<BankIdStarted> AuthAsync(BankIdOrderRequest request, CancellationToken cancellationToken) => StartAsync("auth", request, cancellationToken);

    public Task<BankIdStarted> SignAsync(BankIdOrderRequest request, CancellationToken cancellationToken) => StartAsync("sign", request, cancellationToken);

    public async Task<BankIdCollected> CollectAsync(string orderRef, CancellationToken cancellationToken)
    {
        var order = await db.BankIdSimulatorOrders.AsNoTracking().FirstOrDefaultAsync(o => o.OrderRef == orderRef, cancellationToken);
        if (order is null || order.CancelledAt is not null)
            throw new BankIdException(BankIdException.InvalidParameters, "No such order", 400);
        var now = clock.GetUtcNow();
        return order.Answer switch
        {
            false => new BankIdCollected(orderRef, BankIdCollected.Failed, "userCancel", null),
            true when order.AnsweredAt - order.StartedAt <= OrderLifetime => new BankIdCollected(orderRef, BankIdCollected.Complete, null, CompletionData(order)),
            _ when now - order.StartedAt > OrderLifetime => new BankIdCollected(orderRef, BankIdCollected.Failed, "expiredTransaction", null),
            _ => new BankIdCollected(orderRef, BankIdCollected.Pending, order.OpenedAt is null ? "outstandingTransaction" : "userSign", null),
        };
    }

    public async Task CancelAsync(string orderRef, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await db.BankIdSimulatorOrders.Where(o => o.OrderRef == orderRef && o.CancelledAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CancelledAt, now), cancellationToken) == 0)
            throw new BankIdException(BankIdException.InvalidParameters, "No such order", 400);
    }

    /// <summary>The order the app was started with, for the simulator's app page; marks it opened.</summary>
    public async Task<BankIdSimulatorOrder?> OpenAsync(string autoStartToken, CancellationToken cancellationToken)
    {
        var order = await db.BankIdSimulatorOrders.AsNoTracking().FirstOrDefaultAsync(o => o.AutoStartToken == autoStartToken && o.CancelledAt == null, cancellationToken);
        if (order is null)
            return null;
        var now = clock.GetUtcNow();
        await db.BankIdSimulatorOrders.Where(o => o.OrderRef == order.OrderRef && o.OpenedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OpenedAt, now), cancellationToken);
        return order;
    }

    /// <summary>The name a portal user with this personnummer has (the simulated BankID's name), or null.</summary>
    public async Task<string?> NameOfAsync(string? personalNumber, CancellationToken cancellationToken)
    {
        if (personalNumber is null)
            return null;
        await using var context = domain.CreateDbContext();
        return await context.Users.AsNoTracking().Where(u => u.PersonalNumber == personalNumber).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The developer signs as <paramref name="personalNumber"/> (null: cancels) in the app. The first answer stands (two
    /// hosts, a double click); returns it, or null when no such order waits for an answer.
    /// </summary>
    public async Task<bool?> AnswerAsync(string autoStartToken, string? personalNumber, string? name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var startedAfter = now - OrderLifetime;
        var sign = personalNumber is not null;
        await db.BankIdSimulatorOrders.Where(o => o.AutoStartToken == autoStartToken && o.Answer == null && o.CancelledAt == null && o.StartedAt >= startedAfter)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Answer, sign)
                .SetProperty(o => o.AnsweredAt, now)
                .SetProperty(o => o.SignerPersonalNumber, personalNumber)
                .SetProperty(o => o.SignerName, name)
                .SetProperty(o => o.OpenedAt, o => o.OpenedAt ?? now), cancellationToken);
        return await db.BankIdSimulatorOrders.Where(o => o.AutoStartToken == autoStartToken).Select(o => o.Answer).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<BankIdStarted> StartAsync(string kind, BankIdOrderRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dayAgo = now - KeptFor;
        await db.BankIdSimulatorOrders.Where(o => o.StartedAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
        var order = new BankIdSimulatorOrder
        {
            OrderRef = Guid.NewGuid().ToString(),
            AutoStartToken = Guid.NewGuid().ToString(),
            QrStartToken = Guid.NewGuid().ToString(),
            QrStartSecret = Guid.NewGuid().ToString(),
            Kind = kind,
            PersonalNumber = request.PersonalNumber,
            EndUserIp = request.EndUserIp,
            UserVisibleData = request.UserVisibleData ?? "",
            UserNonVisibleData = request.UserNonVisibleData,
            StartedAt = now,
        };
        db.BankIdSimulatorOrders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return new BankIdStarted(order.OrderRef, order.AutoStartToken, order.QrStartToken, order.QrStartSecret);
    }

    private static JsonObject CompletionData(BankIdSimulatorOrder order)
    {
        var name = order.SignerName ?? "Test Testsson";
        var names = name.Split(' ', 2);
        // Obviously simulated: the signature is a digest of what was shown, the OCSP response a label.
        var signature = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{order.OrderRef}\n{order.UserVisibleData}\n{order.UserNonVisibleData}")));
        return new JsonObject
        {
            ["user"] = new JsonObject
            {
                ["personalNumber"] = order.SignerPersonalNumber,
                ["name"] = name,
                ["givenName"] = names[0],
                ["surname"] = names.Length > 1 ? names[1] : "",
            },
            ["device"] = new JsonObject { ["ipAddress"] = order.EndUserIp, ["uhi"] = "simulator" },
            ["bankIdIssueDate"] = "2024-01-01",
            ["stepUp"] = new JsonObject { ["mrtd"] = false },
            ["signature"] = signature,
            ["ocspResponse"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"simulated-ocsp:{order.OrderRef}")),
            ["simulated"] = true,
        };
    }
}

/// <summary>A simulated BankID order as the simulator keeps it: what was asked, and the app's answer.</summary>
public sealed class BankIdSimulatorOrder
{
    public required string OrderRef { get; set; }
    public required string AutoStartToken { get; set; }
    public required string QrStartToken { get; set; }
    public required string QrStartSecret { get; set; }
    public required string Kind { get; set; }
    /// <summary>requirement.personalNumber: only this person may sign.</summary>
    public string? PersonalNumber { get; set; }
    public required string EndUserIp { get; set; }
    /// <summary>The text shown in the app (as the relying party wrote it, simpleMarkdownV1).</summary>
    public required string UserVisibleData { get; set; }
    public string? UserNonVisibleData { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public bool? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? SignerPersonalNumber { get; set; }
    public string? SignerName { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}
