using FluentValidation;
using GpuBilling.ServiceDefaults;

namespace Invoicing.BillingAccounts;

/// <summary>
/// A billing account as sent. Why not <see cref="BillingAccount"/> itself: the path names the tenant, so
/// the body may leave it out; a grace period or payment terms left out would be read as 0, which are
/// terms of their own, so here they are null and refused; and only the issuer's tax id is required.
/// The account's own rules (<see cref="BillingAccountValidator"/>) hold on the account it becomes.
/// </summary>
/// <param name="TenantId">Left out or null: the path's tenant. Any other is refused.</param>
[Becomes(typeof(BillingAccount))]
public sealed record PutBillingAccountRequest(
    string? TenantId,
    string CurrencyCode,
    string TimeZoneId,
    int AnchorDay,
    TimeSpan? GracePeriod,
    int? PaymentTermsDays,
    decimal? TaxRate,
    string IssuerId,
    string RateCardId,
    IssuerParty Issuer,
    LegalParty Customer)
{
    /// <summary>Once <see cref="PutBillingAccountRequestValidator"/> holds: what it insists on is there.</summary>
    public BillingAccount ToAccount(string tenantId) =>
        new(tenantId, CurrencyCode, TimeZoneId, AnchorDay, GracePeriod!.Value, PaymentTermsDays!.Value, TaxRate, IssuerId, RateCardId,
            Issuer?.ToLegalParty()!, Customer);
}

/// <summary>The issuer of the tenant's invoices: its tax id is printed on every tax invoice, so it is required.</summary>
public sealed record IssuerParty(string Name, PostalAddress Address, string TaxId)
{
    public LegalParty ToLegalParty() => new(Name, Address, TaxId);
}

/// <summary>What the body must hold as sent (and so what the document requires) beyond the account's own rules.</summary>
public sealed class PutBillingAccountRequestValidator : AbstractValidator<PutBillingAccountRequest>
{
    public PutBillingAccountRequestValidator()
    {
        RuleFor(r => r.GracePeriod).NotNull().WithMessage("is required: how long a period's draft keeps taking late usage (00:00:00 for none)");
        RuleFor(r => r.PaymentTermsDays).NotNull().WithMessage("is required: days from issue to due date (0 for due on receipt)");
    }
}
