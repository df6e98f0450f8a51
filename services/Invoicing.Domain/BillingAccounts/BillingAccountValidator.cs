using FluentValidation;
using GpuBilling.Decisions;
using GpuBilling.Money;

namespace Invoicing.BillingAccounts;

/// <summary>What a billing account must be before any period is cut or invoice issued from it. Every problem names its field.</summary>
public sealed class BillingAccountValidator : AbstractValidator<BillingAccount>
{
    public const int MaxPaymentTermsDays = 365;

    /// <summary>
    /// The usage ledger accepts seconds up to 35 days late; a longer grace would hold a draft open
    /// for usage that can no longer arrive.
    /// </summary>
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromDays(35);

    public BillingAccountValidator()
    {
        RuleFor(a => a.TenantId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .IsId(Ids.Tenant).WithMessage(Ids.Tenant.Words);
        RuleFor(a => a.CurrencyCode)
            .NotNull().WithMessage("is required")
            .IsOneOf(Currency.Codes)
            .WithMessage(a => $"must be a supported ISO 4217 code ({string.Join(", ", Currency.Codes)}); '{a.CurrencyCode}' is not");
        RuleFor(a => a.TimeZoneId)
            .Must(BeAnIanaZone)
            .WithMessage(a => $"must be an IANA time zone id such as Europe/Berlin; '{a.TimeZoneId}' is not");
        RuleFor(a => a.AnchorDay)
            .InclusiveBetween(1, 31)
            .WithMessage(a => $"must be a day of the month from 1 to 31 (in shorter months the period starts on their last day); {a.AnchorDay} is not");
        RuleFor(a => a.GracePeriod)
            .Must(g => g >= TimeSpan.Zero && g <= MaxGracePeriod)
            .WithMessage(a => $"must be from 0 to {MaxGracePeriod.TotalDays} days, the lateness the usage ledger accepts; {a.GracePeriod} is not");
        RuleFor(a => a.PaymentTermsDays)
            .InclusiveBetween(0, MaxPaymentTermsDays)
            .WithMessage(a => $"must be from 0 (due on receipt) to {MaxPaymentTermsDays} days; {a.PaymentTermsDays} is not");
        RuleFor(a => a.TaxRate)
            .Must(rate => rate is null or >= 0m and < 1m)
            .WithMessage(a => $"must be a fraction from 0 up to but not including 1 (0.19 for 19%); {a.TaxRate?.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not");
        RuleFor(a => a.IssuerId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required: invoice numbers are counted per issuer")
            .IsId(Ids.Issuer).WithMessage(Ids.Issuer.Words);
        RuleFor(a => a.RateCardId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required: pricing rates the tenant's usage with it")
            .IsId(Ids.RateCard).WithMessage(Ids.RateCard.Words);
        RuleFor(a => a.Issuer).NotNull().WithMessage("is required: an invoice must name its issuer")
            .SetValidator(new LegalPartyValidator(taxIdRequired: true));
        RuleFor(a => a.Customer).NotNull().WithMessage("is required: an invoice must name its customer")
            .SetValidator(new LegalPartyValidator(taxIdRequired: false));
    }

    /// <summary>
    /// Windows ids resolve on Linux too, but periods are documented and audited in IANA terms,
    /// so only an IANA id is accepted.
    /// </summary>
    private static bool BeAnIanaZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}

/// <summary>
/// The issuer's tax id is required (it is printed on every tax invoice); a customer may be a
/// private person without one.
/// </summary>
public sealed class LegalPartyValidator : AbstractValidator<LegalParty>
{
    private const int MaxTextLength = 200;

    public LegalPartyValidator(bool taxIdRequired)
    {
        RuleFor(p => p.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .MaximumLength(MaxTextLength).WithMessage($"must be at most {MaxTextLength} characters");
        if (taxIdRequired)
            RuleFor(p => p.TaxId).NotEmpty().WithMessage("is required: the issuer's tax id is printed on every invoice");
        RuleFor(p => p.TaxId).MaximumLength(64).WithMessage("must be at most 64 characters");
        RuleFor(p => p.Address).NotNull().WithMessage("is required").SetValidator(new PostalAddressValidator());
    }
}

public sealed class PostalAddressValidator : AbstractValidator<PostalAddress>
{
    private const int MaxTextLength = 200;

    public PostalAddressValidator()
    {
        RuleFor(a => a.Lines).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("must hold at least one street line")
            .Must(lines => lines.Count <= 4).WithMessage("must hold at most 4 lines");
        RuleForEach(a => a.Lines)
            .NotEmpty().WithMessage("must not be blank")
            .MaximumLength(MaxTextLength).WithMessage($"must be at most {MaxTextLength} characters");
        RuleFor(a => a.City).NotEmpty().WithMessage("is required")
            .MaximumLength(MaxTextLength).WithMessage($"must be at most {MaxTextLength} characters");
        RuleFor(a => a.CountryCode).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Matches("^[A-Z]{2}$").WithMessage(a => $"must be an ISO 3166-1 alpha-2 code such as DE; '{a.CountryCode}' is not");
    }
}
