using GpuBilling.Decisions;
using FluentValidation;
using Fleet.Inventory;
using GpuBilling.Money;

namespace Fleet.CostCards;

/// <summary>What a cost card version must be before it is decided on. Every failure names the field.</summary>
public sealed class PublishCostCardVersionValidator : AbstractValidator<PublishCostCardVersion>
{
    public PublishCostCardVersionValidator()
    {
        RuleFor(c => c.SupplierId).NotEmpty().IsId(Ids.Supplier);
        RuleFor(c => c.Currency)
            .Must(code => Currency.TryOf(code, out _))
            .WithMessage(c => $"'Currency' must be a supported ISO 4217 code ({string.Join(", ", Currency.Codes)}), not '{c.Currency}'.");
        RuleFor(c => c.EffectiveFrom).Must(RegisterNodeVersionValidator.IsWholeUtcSecond)
            .WithMessage("'EffectiveFrom' must be a whole second in UTC (offset +00:00): GPUs are costed by the second.");
        RuleFor(c => c.PublishedBy).NotEmpty().MaximumLength(RegisterNodeVersionValidator.MaxIdLength);
        RuleFor(c => c.Terms).NotNull().ChildRules(terms =>
        {
            terms.RuleFor(t => t.Prices).Cascade(CascadeMode.Stop).NotNull()
                .Must(prices => prices.Where(p => p is not null).GroupBy(p => p.Key).All(k => k.Count() == 1))
                .WithMessage("'Prices' names a model (and MIG profile) more than once.");
            terms.RuleForEach(t => t.Prices).NotNull().ChildRules(price =>
            {
                price.RuleFor(p => p.Model).NotEmpty().MaximumLength(RegisterNodeVersionValidator.MaxIdLength);
                price.RuleFor(p => p.MigProfile)
                    .Must(p => p is null || MigShares.ComputeSlicesOf(p) is not null)
                    .WithMessage("'MigProfile' must be null for whole GPUs, or a MIG profile such as '1g.10gb'.");
                price.RuleFor(p => p.PricePerGpuHour).GreaterThanOrEqualTo(0m);
            });
            terms.RuleFor(t => t.FixedCharges).NotNull();
            terms.RuleForEach(t => t.FixedCharges).NotNull().ChildRules(charge =>
            {
                charge.RuleFor(f => f.Description).NotEmpty().MaximumLength(200);
                charge.RuleFor(f => f.AmountPerMonth).GreaterThanOrEqualTo(0m);
            });
            terms.RuleFor(t => t.EnergyPricePerKWh).GreaterThanOrEqualTo(0m);
        });
    }
}
