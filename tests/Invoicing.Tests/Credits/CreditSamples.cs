using GpuBilling.Money;
using Invoicing.Audit;
using Invoicing.Credits;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Credits;

/// <summary>Acme's credit stream, written the way the write path writes it: each decision against the state the ones before it left.</summary>
public static class CreditSamples
{
    public static readonly Actor Invoicer = Actor.Service("invoicing");

    public static readonly string MarchId = IdOf(March);

    public static readonly DateTimeOffset Early = At("2025-03-02T00:00:00Z");

    public static CreditGrant Grant(this IEnumerable<CreditEvent> stream, string grantId) => stream.Balance().Grant(grantId)!;

    public static CreditBalance Balance(this IEnumerable<CreditEvent> stream) => CreditBalance.Replay(stream)!;

    public static IReadOnlyList<CreditEvent> Decide(this List<CreditEvent> stream, Func<CreditBalance?, IReadOnlyList<CreditEvent>> decide)
    {
        var events = decide(CreditBalance.Replay(stream));
        stream.AddRange(events);
        return events;
    }

    /// <summary>Grants in <paramref name="currency"/> (Acme's USD unless named), made by Finance at <see cref="Early"/>.</summary>
    public static List<CreditEvent> Granted(string currency = "USD", params (CreditSource Source, decimal Amount, string? ExpiresAt)[] grants)
    {
        var stream = new List<CreditEvent>();
        var money = Currency.Of(currency);
        var receipt = 0;
        foreach (var (source, amount, expiresAt) in grants)
        {
            stream.Decide(s => CreditDecision.Decide(new GrantCredit(
                "acme", money, source, new Money(amount, money), expiresAt is null ? null : At(expiresAt), $"{source} credit",
                source == CreditSource.Purchase ? $"R-{++receipt}" : null, Early, Finance), s));
        }
        return stream;
    }

    public static DrawForRating Draw(long version, DateTimeOffset at, decimal? taxRate, params ChargeLine[] charges) =>
        new("acme", MarchId, "acme@2025-03-01T05:00Z", version, charges, taxRate, at, Invoicer);

    /// <summary>A charge as rating sends it, of an amount already at the minor unit, so the test reads its figures directly.</summary>
    public static ChargeLine Usage(decimal amount, string currency = "USD") =>
        Charge("H100 on-demand GPU time", "gpu-time", "H100/on-demand", amount, "GPU-hour", 1m, March, currency);

    public static ChargeLine Shortfall(decimal amount, string currency = "USD") =>
        Charge("Spend commitment shortfall", CreditDecision.CommitmentShortfall, "commitment-shortfall", 1m, "month", amount, March, currency);

    public static IReadOnlyList<(string GrantId, string Amount)> Draws(this CreditEvent drawn) =>
        [.. Assert.IsType<CreditDrawn>(drawn).Draws.Select(d => (d.GrantId, d.Amount.ToAmountString()))];
}
