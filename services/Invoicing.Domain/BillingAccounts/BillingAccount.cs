using System.Text.Json.Serialization;
using GpuBilling.Money;

namespace Invoicing.BillingAccounts;

/// <summary>
/// How one tenant is billed. Its periods are cut in <see cref="TimeZoneId"/> from
/// <see cref="AnchorDay"/>, its invoices are in one currency, and every invoice copies the legal
/// details it was issued with, so later changes here never alter an issued document.
/// </summary>
/// <param name="CurrencyCode">ISO 4217, one per account: totals of different currencies never add.</param>
/// <param name="TimeZoneId">IANA id (Europe/Berlin): periods start at local midnight in this zone.</param>
/// <param name="AnchorDay">1–31: the day of the month a period starts; in shorter months, their last day.</param>
/// <param name="GracePeriod">How long after a period ends its draft keeps absorbing late usage before it is closed.</param>
/// <param name="PaymentTermsDays">Days from the issue date (in the tenant's zone) to the due date; 0 is due on receipt.</param>
/// <param name="TaxRate">A fraction (0.19 for 19%) applied to the subtotal, or none.</param>
/// <param name="IssuerId">The numbering series: invoice numbers are gapless per issuer.</param>
/// <param name="RateCardId">The rate card pricing rates every period that starts from now on with; a period already accrued keeps its card.</param>
public sealed record BillingAccount(
    string TenantId,
    string CurrencyCode,
    string TimeZoneId,
    int AnchorDay,
    TimeSpan GracePeriod,
    int PaymentTermsDays,
    decimal? TaxRate,
    string IssuerId,
    string RateCardId,
    LegalParty Issuer,
    LegalParty Customer)
{
    [JsonIgnore]
    public Currency Currency => Currency.Of(CurrencyCode);

    [JsonIgnore]
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}

/// <summary>A name, address and tax id as an invoice must print them.</summary>
public sealed record LegalParty(string Name, PostalAddress Address, string? TaxId);

/// <param name="Lines">Street lines, in the order printed.</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2 (DE, US, IN).</param>
public sealed record PostalAddress(IReadOnlyList<string> Lines, string City, string? PostalCode, string? Region, string CountryCode);
