using FluentValidation;

namespace Invoicing.Thresholds;

/// <summary>
/// What usage levels may be: up to <see cref="MaxLevels"/> per meter, each more than 0 and at most
/// <see cref="MaxLevel"/>, none twice ("4" and "4.00" are one level). The ranges are written into
/// the API document from here.
/// </summary>
public sealed class UsageThresholdsRequestValidator : AbstractValidator<UsageThresholdsRequest>
{
    public const int MaxLevels = 20;
    public const decimal MaxLevel = 1_000_000_000m;

    private const string Range = "must be more than 0 and at most 1000000000";

    public UsageThresholdsRequestValidator()
    {
        RuleFor(r => r.GpuHours).Must(l => l is null || l.Count <= MaxLevels).WithMessage(r => $"has {r.GpuHours!.Count} levels; at most {MaxLevels}");
        RuleForEach(r => r.GpuHours).GreaterThan(0m).WithMessage(Range).LessThanOrEqualTo(MaxLevel).WithMessage(Range);
        RuleFor(r => r.GpuHours).Must(NameEachLevelOnce).WithMessage("names a level twice");
        RuleFor(r => r.Spend).Must(l => l is null || l.Count <= MaxLevels).WithMessage(r => $"has {r.Spend!.Count} levels; at most {MaxLevels}");
        RuleForEach(r => r.Spend).GreaterThan(0m).WithMessage(Range).LessThanOrEqualTo(MaxLevel).WithMessage(Range);
        RuleFor(r => r.Spend).Must(NameEachLevelOnce).WithMessage("names a level twice");
    }

    private static bool NameEachLevelOnce(IReadOnlyList<decimal>? levels) => levels is null || levels.Distinct().Count() == levels.Count;
}
