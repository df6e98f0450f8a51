using FluentValidation;
using Metering.Contracts;
using Pricing.RateCards;

namespace Pricing.Accrual;

/// <summary>What an accrual command must be before it is decided on. Every failure names the field.</summary>
public sealed class AccrueUsageValidator : AbstractValidator<AccrueUsage>
{
    private const int MaxIdLength = 128;
    private const int MaxSourceIdLength = 256;

    public AccrueUsageValidator()
    {
        RuleFor(c => c.TenantId).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(c => c.RateCardId).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(c => c.SourceId).NotEmpty().MaximumLength(MaxSourceIdLength);
        RuleFor(c => c.AccruedBy).NotEmpty().MaximumLength(MaxIdLength);
        RuleFor(c => c.PeriodStart)
            .Must(PublishRateCardVersionValidator.IsWholeSecond).WithMessage("'PeriodStart' must be a whole second.");
        RuleFor(c => c.PeriodEnd)
            .Must(PublishRateCardVersionValidator.IsWholeSecond).WithMessage("'PeriodEnd' must be a whole second.")
            .GreaterThan(c => c.PeriodStart).WithMessage("'PeriodEnd' must be after 'PeriodStart'.");

        RuleFor(c => c.Usage).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(usage => usage.Where(u => u is not null).GroupBy(u => (u.WorkloadId, u.GpuUuid)).All(g => g.Count() == 1))
            .WithMessage("'Usage' names an allocation (workload and GPU) more than once.");
        RuleForEach(c => c.Usage).NotNull().ChildRules(usage =>
        {
            usage.RuleFor(u => u.WorkloadId).NotEmpty().MaximumLength(MaxIdLength);
            usage.RuleFor(u => u.GpuUuid).NotEmpty().MaximumLength(MaxIdLength);
            usage.RuleFor(u => u.Key).NotNull().SetValidator(new PriceKeyValidator());
            usage.RuleFor(u => u.EnergyJoules).GreaterThanOrEqualTo(0m);
            usage.RuleFor(u => u.Runs).NotEmpty();
            usage.RuleForEach(u => u.Runs).NotNull().ChildRules(run =>
            {
                run.RuleFor(r => r.Seconds).GreaterThan(0);
                run.RuleFor(r => r.From)
                    .Must(PublishRateCardVersionValidator.IsWholeSecond).WithMessage("'From' must be a whole second.");
            });
        });

        // Needs the period and every run at once, so it is checked over the whole command.
        RuleFor(c => c).Custom((command, context) =>
        {
            if (command.Usage is null) return;
            for (var i = 0; i < command.Usage.Count; i++)
            {
                if (command.Usage[i]?.Runs is not { } runs) continue;
                DateTimeOffset? previousEnd = null;
                foreach (var (run, r) in runs.Select((run, r) => (run, r)).Where(x => x.run is not null).OrderBy(x => x.run.From))
                {
                    var field = $"Usage[{i}].Runs[{r}]";
                    if (run.From < command.PeriodStart || run.To > command.PeriodEnd)
                        context.AddFailure(field, $"'{field}' must lie inside the period; split usage that straddles a period's bounds.");
                    if (previousEnd is { } end && run.From < end)
                        context.AddFailure(field, $"'{field}' overlaps another run of the same allocation: a second would count twice.");
                    previousEnd = previousEnd is { } last && last > run.To ? last : run.To;
                }
            }
        });
    }

    /// <summary>
    /// True only where every rule above holds, checked without FluentValidation's context per rule
    /// and per child: every ledger event is decided by pricing and again by the auditor, and the
    /// rules' own cost was a fifth of a recomputation. False means only "ask the rules", which name
    /// what fails: runs out of order, for one, are left to them.
    /// </summary>
    public static bool PlainlyValid(AccrueUsage command)
    {
        if (!IsId(command.TenantId, MaxIdLength) || !IsId(command.RateCardId, MaxIdLength)
            || !IsId(command.SourceId, MaxSourceIdLength) || !IsId(command.AccruedBy, MaxIdLength)
            || !PublishRateCardVersionValidator.IsWholeSecond(command.PeriodStart) || !PublishRateCardVersionValidator.IsWholeSecond(command.PeriodEnd)
            || command.PeriodEnd <= command.PeriodStart
            || command.Usage is not { Count: > 0 } usage)
            return false;
        for (var i = 0; i < usage.Count; i++)
        {
            if (usage[i] is not { } allocation || !PlainlyValid(allocation, command.PeriodStart, command.PeriodEnd)) return false;
            for (var j = 0; j < i; j++)
                if (usage[j].WorkloadId == allocation.WorkloadId && usage[j].GpuUuid == allocation.GpuUuid) return false;
        }
        return true;
    }

    private static bool PlainlyValid(AllocationUsage allocation, DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        if (!IsId(allocation.WorkloadId, MaxIdLength) || !IsId(allocation.GpuUuid, MaxIdLength)
            || allocation.Key is not { } key || !IsId(key.GpuModel, PublishRateCardVersionValidator.MaxIdLength)
            || key.MigProfile is { } profile && !IsId(profile, PublishRateCardVersionValidator.MaxIdLength)
            || !AllocationClasses.IsKnown(key.AllocationClass)
            || allocation.EnergyJoules < 0m
            || allocation.Runs is not { Count: > 0 } runs)
            return false;
        var previousEnd = periodStart;
        foreach (var run in runs)
        {
            if (run is null || run.Seconds <= 0 || !PublishRateCardVersionValidator.IsWholeSecond(run.From) || run.From < previousEnd) return false;
            previousEnd = run.To;
        }
        return previousEnd <= periodEnd;
    }

    /// <summary>As `NotEmpty().MaximumLength(max)` holds it.</summary>
    private static bool IsId(string? text, int max) => !string.IsNullOrWhiteSpace(text) && text.Length <= max;
}
