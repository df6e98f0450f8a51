using System.Text.Json.Serialization;
using FluentValidation;
using GpuBilling.Decisions;
using GpuBilling.Money;
using GpuBilling.Periods;
using Metering.Contracts;
using Pricing.RateCards;

namespace Pricing.Tenants;

/// <summary>
/// How a tenant's usage is cut into billing periods and which rate card prices a period it has
/// not yet started: the latest <see cref="BillingTermsSet"/> invoicing published for it.
/// </summary>
/// <param name="Id">The tenant.</param>
/// <param name="AccountVersion">The version of invoicing's billing account these terms come from.</param>
public sealed record TenantTerms(
    string Id,
    long AccountVersion,
    string TimeZoneId,
    int AnchorDay,
    string CurrencyCode,
    string RateCardId,
    DateTimeOffset SetAt)
{
    [JsonIgnore]
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public BillingPeriod PeriodContaining(DateTimeOffset instant) => BillingPeriod.Containing(instant, Zone, AnchorDay);

    /// <summary>
    /// Why <paramref name="card"/> may not price this tenant's usage, if it may not: an account bills
    /// in one currency, and charges in another could only be refused by invoicing, after the usage
    /// had been accrued where no invoice would ever carry it.
    /// </summary>
    public FieldProblem? RefuseCardInAnotherCurrency(RateCard card) =>
        card.Currency.Code == CurrencyCode
            ? null
            : new FieldProblem(nameof(RateCardId), $"Rate card '{card.Id}' prices in {card.Currency.Code}; the billing account of tenant '{Id}' is in {CurrencyCode}.");
}

public static class SetTenantTermsDecision
{
    private static readonly BillingTermsSetValidator Validator = new();

    /// <summary>
    /// The terms to keep, or null when <paramref name="current"/> is as new or newer: messages
    /// arrive in any order and more than once, and the account's version says which is latest.
    /// </summary>
    /// <exception cref="CommandRefused">The terms cannot cut periods (an unknown zone, say).</exception>
    public static TenantTerms? Decide(BillingTermsSet message, TenantTerms? current)
    {
        CommandRefused.ThrowIfInvalid(Validator.Validate(message));
        if (current is not null && current.AccountVersion >= message.AccountVersion) return null;
        return new TenantTerms(
            message.TenantId, message.AccountVersion, message.TimeZoneId, message.AnchorDay,
            message.CurrencyCode, message.RateCardId, message.OccurredAt);
    }
}

public sealed class BillingTermsSetValidator : AbstractValidator<BillingTermsSet>
{
    private const int MaxIdLength = 128;

    public BillingTermsSetValidator()
    {
        RuleFor(m => m.TenantId).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(m => m.RateCardId).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(m => m.AccountVersion).GreaterThan(0);
        RuleFor(m => m.AnchorDay).InclusiveBetween(1, 31);
        RuleFor(m => m.TimeZoneId)
            .Must(id => TimeZoneInfo.TryFindSystemTimeZoneById(id ?? "", out _))
            .WithMessage(m => $"'TimeZoneId' must be an IANA time zone, not '{m.TimeZoneId}'.");
        RuleFor(m => m.CurrencyCode)
            .Must(code => Currency.TryOf(code, out _))
            .WithMessage(m => $"'CurrencyCode' must be a supported ISO 4217 code, not '{m.CurrencyCode}'.");
    }
}
