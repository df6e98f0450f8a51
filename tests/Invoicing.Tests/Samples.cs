using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Invoices.Finalizing;
using Invoicing.Periods;

namespace Invoicing.Tests;

/// <summary>
/// A New York tenant billed in USD from the 1st, 8.875% tax, 2 days' grace, 30 days to pay; its
/// March 2025 period is 743 hours (the spring DST change is inside it).
/// </summary>
public static class Samples
{
    public static readonly Actor Closer = Actor.Service("invoicing-period-closer");
    public static readonly Actor Rating = Actor.Service("pricing-rating");
    public static readonly Actor Finance = Actor.Operator("alice@finance");

    public static BillingAccount Account(
        string tenant = "acme",
        string currency = "USD",
        string zone = "America/New_York",
        int anchorDay = 1,
        decimal? taxRate = 0.08875m,
        int paymentTermsDays = 30,
        TimeSpan? grace = null,
        string issuer = "gpucloud-us") =>
        new(tenant, currency, zone, anchorDay, grace ?? TimeSpan.FromDays(2), paymentTermsDays, taxRate, issuer, "rc-standard",
            new LegalParty("GPU Cloud Inc.", new PostalAddress(["1 Compute Way"], "Wilmington", "19801", "DE", "US"), "US-12-3456789"),
            new LegalParty("Acme Research LLC", new PostalAddress(["500 Lab Road", "Suite 3"], "Boston", "02110", "MA", "US"), null));

    public static readonly BillingAccount Acme = Account();

    public static readonly BillingPeriod March = BillingPeriod.Containing(At("2025-03-15T12:00:00Z"), Acme);
    public static readonly BillingPeriod April = March.Next(Acme);
    public static readonly BillingPeriod May = April.Next(Acme);

    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    public static Money Usd(decimal amount) => new(amount, Currency.Of("USD"));

    /// <summary>A charge as rating would send it: amount = quantity × unit price, unrounded, traced to one node-hour of the period.</summary>
    public static ChargeLine Charge(
        string description, string meter, string priceKey, decimal quantity, string unit, decimal unitPrice,
        BillingPeriod period, string currency = "USD", decimal? amount = null, string node = "node-1")
    {
        var money = Currency.Of(currency);
        var hour = period.Start.AddHours(1);
        return new ChargeLine(description, meter, priceKey, quantity, unit,
            new Money(unitPrice, money), new Money(amount ?? quantity * unitPrice, money),
            new ChargeLineage("rc-standard", 3, priceKey.Split('/')[0],
                [new UsageSource($"{node}@{hour.UtcDateTime:yyyy-MM-ddTHH}Z", hour, hour.AddHours(1))]));
    }

    public static ChargeLine H100(decimal hours, BillingPeriod period, decimal price = 2.49m) =>
        Charge("H100 on-demand GPU time", "gpu-time", "H100/on-demand", hours, "GPU-hour", price, period);

    /// <summary>March's charges: energy 64.043125, A100 11.186357, H100 3074.073075 (lines 1 to 3 in line order).</summary>
    public static IReadOnlyList<ChargeLine> MarchCharges(decimal h100Hours = 1234.5675m) =>
    [
        H100(h100Hours, March),
        Charge("A100 spot GPU time", "gpu-time", "A100/spot", 10.1234m, "GPU-hour", 1.105m, March),
        Charge("Energy", "energy", "energy/kWh", 512.345m, "kWh", 0.125m, March),
    ];

    public static Reconciliation Agreeing(decimal gpuSeconds = 4_480_887m) => new(gpuSeconds, gpuSeconds, gpuSeconds, gpuSeconds);

    /// <summary>When the period closer runs for March: after 3 April 04:00 UTC (end plus 2 days' grace); 22:30 on the 3rd in New York.</summary>
    public static readonly DateTimeOffset MarchClosed = At("2025-04-04T02:30:00Z");

    public static readonly DateTimeOffset AprilClosed = At("2025-05-04T02:30:00Z");

    public static OpenInvoiceDraft Open(BillingPeriod period, BillingAccount? account = null) =>
        new(account ?? Acme, period, period.Start.AddMinutes(5), Rating);

    public static string IdOf(BillingPeriod period, BillingAccount? account = null) => InvoiceKey.Of((account ?? Acme).TenantId, period).ToString();

    /// <summary>A finalized invoice's stream: opened, one update with <paramref name="charges"/>, finalized by the closer as <paramref name="number"/>.</summary>
    public static List<InvoiceEvent> Finalized(BillingPeriod period, IReadOnlyList<ChargeLine> charges, string number, BillingAccount? account = null)
    {
        account ??= Acme;
        var stream = new List<InvoiceEvent>();
        stream.Decide(s => DraftDecision.Decide(Open(period, account), s));
        stream.Decide(s => DraftDecision.Decide(new UpdateInvoiceDraft(IdOf(period, account), 1, charges, period.End.AddMinutes(-1), Rating), s));
        stream.Decide(s => FinalizeDecision.Decide(
            new FinalizeInvoice(IdOf(period, account), number, account, Agreeing(), InvoiceStreams.ClosesAt(period, account).AddHours(1), Closer), s));
        return stream;
    }

    /// <summary>Run a decision against the stream's current state and append what it decided, as the write path would.</summary>
    public static IReadOnlyList<InvoiceEvent> Decide(this List<InvoiceEvent> stream, Func<Invoice?, IReadOnlyList<InvoiceEvent>> decide)
    {
        var events = decide(Invoice.Replay(stream));
        stream.AddRange(events);
        return events;
    }

    public static Invoice State(this IEnumerable<InvoiceEvent> stream) => Invoice.Replay(stream)!;

    public static InvoiceFinalized Issued(this IEnumerable<InvoiceEvent> stream) => stream.OfType<InvoiceFinalized>().Single();
}
