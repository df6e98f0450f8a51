using FluentValidation;
using GpuBilling.Decisions;

namespace Fleet.CostCards;

/// <summary>The body of a cost card's new version: the supplier is named by the path and the publisher is the caller.</summary>
public sealed record PublishCostCardVersionRequest(string? Currency, DateTimeOffset? EffectiveFrom, CostCardTermsRequest? Terms);

/// <summary>
/// The terms as sent. Why not <see cref="CostCardTerms"/> itself: a price or a monthly charge left out
/// would be read as 0, a supplier's GPUs costed as free; here it is null, and refused. Fixed charges left
/// out (or null) are none.
/// </summary>
public sealed record CostCardTermsRequest(IReadOnlyList<GpuPriceRequest> Prices, IReadOnlyList<FixedChargeRequest>? FixedCharges, decimal? EnergyPricePerKWh)
{
    /// <summary>Once <see cref="CostCardTermsRequestValidator"/> holds: what it insists on is there.</summary>
    public CostCardTerms ToTerms() => new()
    {
        Prices = [.. Prices.Select(p => new GpuPrice(p.Model, p.MigProfile, p.PricePerGpuHour!.Value))],
        FixedCharges = [.. (FixedCharges ?? []).Select(c => new FixedCharge(c.Description, c.AmountPerMonth!.Value))],
        EnergyPricePerKWh = EnergyPricePerKWh,
    };
}

public sealed record GpuPriceRequest(string Model, string? MigProfile, decimal? PricePerGpuHour);

public sealed record FixedChargeRequest(string Description, decimal? AmountPerMonth);

/// <summary>
/// What the body must hold as sent (and so what the document requires): the values that would otherwise
/// be read as 0 or none. The rest is the decision's to judge (<see cref="PublishCostCardVersionValidator"/>).
/// </summary>
public sealed class PublishCostCardVersionRequestValidator : AbstractValidator<PublishCostCardVersionRequest>
{
    public PublishCostCardVersionRequestValidator()
    {
        RuleFor(r => r.Currency).Cascade(CascadeMode.Stop).NotNull().WithMessage("'Currency' is required.")
            .IsOneOf(GpuBilling.Money.Currency.Codes).WithMessage(r => $"'Currency' must be a supported ISO 4217 code ({string.Join(", ", GpuBilling.Money.Currency.Codes)}), not '{r.Currency}'.");
        RuleFor(r => r.EffectiveFrom).NotNull().WithMessage("'EffectiveFrom' is required.");
        RuleFor(r => r.Terms!).NotNull().WithMessage("'Terms' is required.").SetValidator(new CostCardTermsRequestValidator());
    }
}

public sealed class CostCardTermsRequestValidator : AbstractValidator<CostCardTermsRequest>
{
    public CostCardTermsRequestValidator()
    {
        RuleFor(t => t.Prices).NotNull().WithMessage("'Prices' is required: one per GPU model (and MIG profile) the supplier charges for.");
        RuleForEach(t => t.Prices).NotNull().SetValidator(new GpuPriceRequestValidator());
        RuleForEach(t => t.FixedCharges).NotNull().SetValidator(new FixedChargeRequestValidator());
    }
}

public sealed class GpuPriceRequestValidator : AbstractValidator<GpuPriceRequest>
{
    public GpuPriceRequestValidator() =>
        RuleFor(p => p.PricePerGpuHour).NotNull().WithMessage("'PricePerGpuHour' is required: a price left out is not 0.")
            .GreaterThanOrEqualTo(0m);
}

public sealed class FixedChargeRequestValidator : AbstractValidator<FixedChargeRequest>
{
    public FixedChargeRequestValidator() =>
        RuleFor(c => c.AmountPerMonth).NotNull().WithMessage("'AmountPerMonth' is required: a charge left out is not 0.")
            .GreaterThanOrEqualTo(0m);
}
