using GpuBilling.Decisions;
using FluentValidation;

namespace Fleet.Inventory;

/// <summary>What a node's version must be before it is decided on. Every failure names the field.</summary>
public sealed class RegisterNodeVersionValidator : AbstractValidator<RegisterNodeVersion>
{
    public const int MaxIdLength = 128;

    public RegisterNodeVersionValidator()
    {
        // The same rule as metering's for the node ids agents report under, so every reporting node can be registered.
        RuleFor(c => c.NodeId).NotEmpty().IsId(Ids.Node);
        RuleFor(c => c.Site).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(c => c.SupplierId).NotEmpty().IsId(Ids.Supplier);
        RuleFor(c => c.EffectiveFrom).Must(IsWholeUtcSecond).WithMessage("'EffectiveFrom' must be a whole second in UTC (offset +00:00): usage is metered by the second.");
        RuleFor(c => c.Until!.Value)
            .Must(IsWholeUtcSecond).WithMessage("'Until' must be a whole second in UTC (offset +00:00).")
            .Must((c, until) => until > c.EffectiveFrom).WithMessage("'Until' must be after 'EffectiveFrom'.")
            .OverridePropertyName(nameof(RegisterNodeVersion.Until))
            .When(c => c.Until.HasValue);
        RuleFor(c => c.RegisteredBy).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(c => c.Gpus).Cascade(CascadeMode.Stop).NotNull()
            .Must(gpus => gpus.Where(g => g is not null).GroupBy(g => g.Key).All(k => k.Count() == 1))
            .WithMessage("'Gpus' names a model (and MIG profile) more than once.");
        RuleForEach(c => c.Gpus).NotNull().ChildRules(gpus =>
        {
            gpus.RuleFor(g => g.Model).NotEmpty().MaximumLength(MaxIdLength);
            gpus.RuleFor(g => g.Count).GreaterThan(0);
            gpus.RuleFor(g => g.MigProfile)
                .Must(p => p is null || MigShares.ComputeSlicesOf(p) is not null)
                .WithMessage("'MigProfile' must be null for whole GPUs, or a MIG profile such as '1g.10gb'.");
            gpus.RuleFor(g => g.MigComputeSlices!.Value).InclusiveBetween(2, 8)
                .OverridePropertyName(nameof(HeldGpus.MigComputeSlices))
                .When(g => g.MigComputeSlices.HasValue);
            gpus.RuleFor(g => g.MigComputeSlices).Null()
                .WithMessage("'MigComputeSlices' is for whole GPUs the operator partitions; slices rented as such name their 'MigProfile' only.")
                .When(g => g.MigProfile is not null);
        });
    }

    internal static bool IsWholeUtcSecond(DateTimeOffset t) => t.Offset == TimeSpan.Zero && t.Ticks % TimeSpan.TicksPerSecond == 0;
}
