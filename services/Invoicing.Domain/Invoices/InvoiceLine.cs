using System.Text.Json.Serialization;
using GpuBilling.Money;

namespace Invoicing.Invoices;

/// <summary>
/// A line as written on a finalized invoice: numbered, its amount rounded once by
/// <see cref="Money.RoundToMinorUnit"/>. Credit notes and recomputation refer to it by number.
/// </summary>
/// <param name="Adjusts">Set on a late-usage adjustment: the earlier period and invoice it corrects.</param>
public sealed record InvoiceLine(
    int Number,
    string Description,
    string Meter,
    string PriceKey,
    decimal Quantity,
    string Unit,
    Money UnitPrice,
    Money Amount,
    ChargeLineage Lineage,
    LateUsageOf? Adjusts = null)
{
    [JsonIgnore]
    public ChargeKey Key => ChargeKey.Of(this);
}
