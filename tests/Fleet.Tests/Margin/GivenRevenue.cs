using System.Text.Json;
using Fleet.Revenue;
using Metering.Contracts;

namespace Fleet.Tests.Margin;

/// <summary>Ratings and invoices as pricing and invoicing publish them, shared by the margin tests.</summary>
internal static class GivenRevenue
{
    public static PeriodRated Rating(string tenant, DateTimeOffset start, DateTimeOffset end, string currency, long version, params RatedCharge[] charges) => new()
    {
        TenantId = tenant,
        PeriodStart = start,
        PeriodEnd = end,
        AccrualStream = $"{tenant}@{start.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z",
        TotalsVersion = version,
        RateCardId = "card",
        CurrencyCode = currency,
        MeteredGpuSeconds = 0,
        LedgerEvents = version,
        Charges = charges,
        RatedAt = start,
    };

    public static RatedPeriod Rated(string tenant, DateTimeOffset start, DateTimeOffset end, string currency, params RatedCharge[] charges) =>
        RatedPeriod.Evolve(null, Rating(tenant, start, end, currency, 1, charges));

    /// <summary>A GPU-time charge of the price key "model/class" (or "model/profile/class"), as pricing rates it.</summary>
    public static RatedCharge GpuTime(string model, decimal amount, string? profile = null, string allocationClass = AllocationClasses.OnDemand) =>
        new($"GPU time {model}", "gpu-time", profile is null ? $"{model}/{allocationClass}" : $"{model}/{profile}/{allocationClass}", model,
            "usage", null, "card", 1, 1m, "gpu-hour", amount, amount, 3600m);

    public static RatedCharge Energy(string model, decimal amount) =>
        new($"Energy {model}", "energy", $"{model}/{AllocationClasses.OnDemand}", model, "usage", null, "card", 1, 1m, "kWh", amount, amount, 3_600_000m);

    public static RatedCharge Fee(string kind, decimal amount) =>
        new($"{kind} charge", null, null, null, kind, null, "card", 1, 1m, "each", amount, amount, null);

    public static PartnerEvent Finalized(string invoiceId, decimal subtotal, decimal tax, decimal total) => new()
    {
        EventId = Guid.NewGuid(),
        Type = PartnerEventTypes.InvoiceFinalized,
        TenantId = invoiceId[..invoiceId.LastIndexOf('@')],
        OccurredAt = DateTimeOffset.UnixEpoch,
        Data = JsonSerializer.Serialize(new
        {
            invoiceId, invoiceNumber = "INV-1", currency = "USD", subtotal = Text(subtotal), tax = Text(tax), total = Text(total),
        }),
    };

    public static PartnerEvent CreditNoteIssued(string invoiceId, decimal subtotal) => new()
    {
        EventId = Guid.NewGuid(),
        Type = PartnerEventTypes.CreditNoteIssued,
        TenantId = invoiceId[..invoiceId.LastIndexOf('@')],
        OccurredAt = DateTimeOffset.UnixEpoch,
        Data = JsonSerializer.Serialize(new { creditNoteNumber = "CN-1", invoiceId, currency = "USD", subtotal = Text(subtotal) }),
    };

    /// <summary>A void as invoicing tells partners of it: no currency, no amounts.</summary>
    public static PartnerEvent Voided(string invoiceId) => new()
    {
        EventId = Guid.NewGuid(),
        Type = PartnerEventTypes.InvoiceVoided,
        TenantId = invoiceId[..invoiceId.LastIndexOf('@')],
        OccurredAt = DateTimeOffset.UnixEpoch,
        Data = JsonSerializer.Serialize(new { invoiceId, invoiceNumber = "INV-1", reason = "Billed in error", voidedAt = DateTimeOffset.UnixEpoch }),
    };

    public static InvoiceRevenue Invoice(params PartnerEvent[] events) => events.Aggregate((InvoiceRevenue?)null, InvoiceRevenue.Evolve)!;

    private static string Text(decimal amount) => amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
