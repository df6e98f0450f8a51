using GpuBilling.Decisions;
using FluentValidation;
using GpuBilling.Money;
using Metering.Contracts;

namespace Pricing.RateCards;

/// <summary>What a rate card version must be before it is decided on. Every failure names the field.</summary>
public sealed class PublishRateCardVersionValidator : AbstractValidator<PublishRateCardVersion>
{
    internal const int MaxIdLength = 128;

    public PublishRateCardVersionValidator()
    {
        RuleFor(c => c.RateCardId).NotEmpty().IsId(Ids.RateCard);
        RuleFor(c => c.Currency)
            .Must(code => Currency.TryOf(code, out _))
            .WithMessage(c => $"'Currency' must be a supported ISO 4217 code ({string.Join(", ", Currency.Codes)}), not '{c.Currency}'.");
        RuleFor(c => c.EffectiveFrom)
            .Must(t => t.Offset == TimeSpan.Zero).WithMessage("'EffectiveFrom' must be a UTC instant (offset +00:00).")
            .Must(IsWholeSecond).WithMessage("'EffectiveFrom' must be a whole second: usage is metered by the second.");
        RuleFor(c => c.PublishedBy).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(c => c.Terms).NotNull().SetValidator(new RateCardTermsValidator());
    }

    internal static bool IsWholeSecond(DateTimeOffset t) => t.Ticks % TimeSpan.TicksPerSecond == 0;
}

public sealed class RateCardTermsValidator : AbstractValidator<RateCardTerms>
{
    public RateCardTermsValidator()
    {
        RuleFor(t => t.Rates).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(rates => rates.Where(r => r is not null).GroupBy(r => r.Key).All(g => g.Count() == 1))
            .WithMessage("'Rates' names a price key more than once.");
        RuleForEach(t => t.Rates).NotNull().SetValidator(new RateValidator());

        RuleFor(t => t.Increment).IsInEnum();
        RuleFor(t => t.MinimumDuration!.Value)
            .GreaterThan(TimeSpan.Zero).WithMessage("'MinimumDuration' must be positive; leave it out for none.")
            .Must(d => d.Ticks % TimeSpan.TicksPerSecond == 0).WithMessage("'MinimumDuration' must be whole seconds.")
            .OverridePropertyName(nameof(RateCardTerms.MinimumDuration))
            .When(t => t.MinimumDuration.HasValue);
        RuleFor(t => t.MinimumDuration!.Value)
            .Must(d => d.Ticks % TimeSpan.TicksPerMinute == 0)
            .WithMessage("'MinimumDuration' must be whole minutes when the increment is per minute.")
            .OverridePropertyName(nameof(RateCardTerms.MinimumDuration))
            .When(t => t.MinimumDuration.HasValue && t.Increment == BillingIncrement.PerMinute);

        RuleFor(t => t.Commitment!).SetValidator(new CommitmentValidator()).When(t => t.Commitment is not null);
        RuleFor(t => t.Commitment!.Key)
            .Must((terms, key) => terms.Rates.Any(r => r is not null && r.Key == key && r.Model == PricingModel.PerUnit))
            .WithMessage("'Commitment.Key' must be a per-unit price key of 'Rates': its price is what unused committed GPU-hours are billed at.")
            .OverridePropertyName("Commitment.Key")
            .When(t => t.Commitment is { Kind: CommitmentKind.Quantity, Key: not null } && t.Rates is not null);

        RuleFor(t => t.ReservedGpus).Cascade(CascadeMode.Stop).NotNull()
            .Must(reserved => reserved.Where(r => r is not null).GroupBy(r => r.GpuModel, StringComparer.Ordinal).All(g => g.Count() == 1))
            .WithMessage("'ReservedGpus' names a GPU model more than once.");
        RuleForEach(t => t.ReservedGpus).NotNull().ChildRules(reserved =>
        {
            reserved.RuleFor(r => r.GpuModel).NotEmpty().MaximumLength(PublishRateCardVersionValidator.MaxIdLength);
            reserved.RuleFor(r => r.Count).GreaterThan(0);
            reserved.RuleFor(r => r.PricePerPeriod).GreaterThanOrEqualTo(0m);
        });

        RuleFor(t => t.EnergyPricePerKWh).GreaterThanOrEqualTo(0m);
    }
}

public sealed class PriceKeyValidator : AbstractValidator<PriceKey>
{
    public PriceKeyValidator()
    {
        RuleFor(k => k.GpuModel).NotEmpty().MaximumLength(PublishRateCardVersionValidator.MaxIdLength);
        RuleFor(k => k.MigProfile)
            .Must(p => p is null || !string.IsNullOrWhiteSpace(p)).WithMessage("'MigProfile' must be null for a whole GPU, never blank.")
            .MaximumLength(PublishRateCardVersionValidator.MaxIdLength);
        RuleFor(k => k.AllocationClass)
            .Must(AllocationClasses.IsKnown)
            .WithMessage(k => $"'AllocationClass' must be '{AllocationClasses.OnDemand}' or '{AllocationClasses.Spot}', not '{k.AllocationClass}'.");
    }
}

public sealed class RateValidator : AbstractValidator<Rate>
{
    public RateValidator()
    {
        RuleFor(r => r.Key).NotNull().SetValidator(new PriceKeyValidator());
        RuleFor(r => r.Model).IsInEnum();

        When(r => r.Model == PricingModel.PerUnit, () =>
        {
            RuleFor(r => r.PricePerGpuHour).NotNull().WithMessage("'PricePerGpuHour' is required for a per-unit rate.")
                .GreaterThanOrEqualTo(0m);
            RuleFor(r => r.Tiers).Empty().WithMessage("'Tiers' must be empty for a per-unit rate.");
        });

        When(r => r.Model is PricingModel.Graduated or PricingModel.Volume, () =>
        {
            RuleFor(r => r.PricePerGpuHour).Null().WithMessage("'PricePerGpuHour' must be left out of a tiered rate: each tier has its price.");
            // NotEmpty stops the cascade on null, so the checks after it see a list.
            RuleFor(r => r.Tiers!).Cascade(CascadeMode.Stop).NotEmpty()
                .Must(tiers => tiers[^1] is { UpToGpuHours: null })
                .WithMessage("The last of 'Tiers' must have no 'UpToGpuHours', so every GPU-hour falls in a tier.")
                .Must(tiers => tiers.Take(tiers.Count - 1).All(t => t is { UpToGpuHours: not null }))
                .WithMessage("Only the last of 'Tiers' may leave out 'UpToGpuHours'.")
                .Must(AscendStrictly)
                .WithMessage("'Tiers' must go up: each 'UpToGpuHours' above the previous one.");
            RuleForEach(r => r.Tiers!).NotNull().ChildRules(tier =>
            {
                tier.RuleFor(t => t.UpToGpuHours).GreaterThan(0m);
                tier.RuleFor(t => t.PricePerGpuHour).GreaterThanOrEqualTo(0m);
                tier.RuleFor(t => t.FlatFee).GreaterThanOrEqualTo(0m);
            });
        });
    }

    private static bool AscendStrictly(IReadOnlyList<Tier> tiers)
    {
        var bounds = tiers.Where(t => t?.UpToGpuHours is not null).Select(t => t.UpToGpuHours!.Value).ToList();
        return bounds.Zip(bounds.Skip(1)).All(pair => pair.First < pair.Second);
    }
}

public sealed class CommitmentValidator : AbstractValidator<Commitment>
{
    public CommitmentValidator()
    {
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Amount).GreaterThan(0m);
        RuleFor(c => c.DiscountPercent).GreaterThanOrEqualTo(0m).LessThan(100m);
        RuleFor(c => c.Key).NotNull().WithMessage("'Key' is required for a quantity commitment: committed GPU-hours are of one price key.")
            .SetValidator(new PriceKeyValidator()!)
            .When(c => c.Kind == CommitmentKind.Quantity);
        RuleFor(c => c.Key).Null().WithMessage("'Key' must be left out of a spend commitment: it covers all GPU time.")
            .When(c => c.Kind == CommitmentKind.Spend);
    }
}
