using GpuBilling.Decisions;
using FluentValidation;
using Metering.Contracts;

namespace Metering.Ingestion;

public sealed class IngestionOptions
{
    /// <summary>How old a second may be and still enter the ledger; deduplication holds at least this long.</summary>
    public TimeSpan AcceptedLateness { get; set; } = TimeSpan.FromDays(35);

    /// <summary>Clock skew allowed between an agent and metering.</summary>
    public TimeSpan AcceptedClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Broker users allowed to report for any node: a fleet simulator, an operator re-sending a
    /// fixed report. Every other broker user reports only for the node that bears its name.
    /// </summary>
    public string[] TrustedBrokerUsers { get; set; } = [];

    /// <summary>
    /// The largest message metering reads. An agent's report (at most 60 seconds of one node, 64
    /// GPUs a second) is under 2 MB; a larger one is rejected unread, before it is deserialized.
    /// </summary>
    public long MaxReportBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>What a report must be for its seconds to be billable. Every failure names the field.</summary>
public sealed class GpuUsageReportedValidator : AbstractValidator<GpuUsageReported>
{
    public const int MaxSecondsPerReport = 3600;
    public const int MaxGpusPerSecond = 64;
    private const int MaxIdLength = 128;

    public GpuUsageReportedValidator(TimeProvider clock, Microsoft.Extensions.Options.IOptions<IngestionOptions> options)
    {
        var limits = options.Value;

        RuleFor(r => r.NodeId).NotEmpty().IsId(Ids.Node);
        RuleFor(r => r.Seconds).NotEmpty()
            .Must(s => s.Count <= MaxSecondsPerReport).WithMessage($"A report carries at most {MaxSecondsPerReport} seconds.");
        RuleForEach(r => r.Seconds).ChildRules(second =>
        {
            second.RuleFor(s => s.Sequence).GreaterThanOrEqualTo(0);
            second.RuleFor(s => s.Second)
                .Must(s => s.Millisecond == 0 && s.Microsecond == 0 && s.Nanosecond == 0)
                .WithMessage("'Second' must be a whole second.")
                .Must(s => s <= clock.GetUtcNow() + limits.AcceptedClockSkew)
                .WithMessage($"'Second' is more than {limits.AcceptedClockSkew.TotalMinutes} minutes in the future.")
                .Must(s => s >= clock.GetUtcNow() - limits.AcceptedLateness)
                .WithMessage($"'Second' is older than the accepted lateness of {limits.AcceptedLateness.TotalDays} days.");
            second.RuleFor(s => s.Gpus).NotEmpty()
                .Must(g => g.Count <= MaxGpusPerSecond).WithMessage($"A node reports at most {MaxGpusPerSecond} GPUs a second.")
                .Must(g => g.Select(gpu => gpu.GpuUuid).Distinct().Count() == g.Count).WithMessage("A GPU appears twice in one second.");
            // A list over the limit is already refused; checking each of its entries only costs time.
            second.RuleForEach(s => s.Gpus).ChildRules(gpu =>
            {
                gpu.RuleFor(g => g.GpuUuid).NotEmpty().MaximumLength(MaxIdLength);
                gpu.RuleFor(g => g.Model).NotEmpty().MaximumLength(MaxIdLength);
                gpu.RuleFor(g => g.MigProfile).MaximumLength(MaxIdLength);
                gpu.RuleFor(g => g.UtilizationPercent).InclusiveBetween(0m, 100m);
                gpu.RuleFor(g => g.MemoryUsedMiB).InclusiveBetween(0, 16L * 1024 * 1024);
                gpu.RuleFor(g => g.PowerWatts).InclusiveBetween(0m, 10_000m);
                gpu.RuleFor(g => g.EnergyMillijoules).GreaterThanOrEqualTo(0);
                gpu.RuleFor(g => g.Allocation!.TenantId).NotEmpty().MaximumLength(MaxIdLength).When(g => g.Allocation is not null);
                gpu.RuleFor(g => g.Allocation!.WorkloadId).NotEmpty().MaximumLength(MaxIdLength).When(g => g.Allocation is not null);
                gpu.RuleFor(g => g.Allocation!.AllocationClass)
                    .Must(AllocationClasses.IsKnown)
                    .WithMessage(g => $"'AllocationClass' must be '{AllocationClasses.OnDemand}' or '{AllocationClasses.Spot}', not '{g.Allocation!.AllocationClass}'.")
                    .When(g => g.Allocation is not null);
            }).When(s => s.Gpus.Count <= MaxGpusPerSecond);
        });
    }
}
