using System.Globalization;
using FluentValidation;
using GpuBilling.Decisions;
using Metering.Contracts;

namespace Metering.Ingestion;

/// <summary>
/// What a compact report must be for its seconds to be billable: the limits of
/// <see cref="GpuUsageReportedValidator"/> on the same seconds, and a shape that expands to
/// exactly one reading per GPU and second it names. Every failure names the field.
/// </summary>
public sealed class GpuUsageWindowReportedValidator : AbstractValidator<GpuUsageWindowReported>
{
    private const int MaxIdLength = 128;

    /// <summary>A GPU whose model or MIG profile changes within the window is a new entry; a node has at most 64 GPUs at a time.</summary>
    private const int MaxGpuEntries = GpuUsageReportedValidator.MaxGpusPerSecond * 4;

    public GpuUsageWindowReportedValidator(TimeProvider clock, Microsoft.Extensions.Options.IOptions<IngestionOptions> options)
    {
        var limits = options.Value;

        RuleFor(r => r.NodeId).NotEmpty().IsId(Ids.Node);
        RuleFor(r => r.Seconds).NotEmpty()
            .Must(s => s.Sum(r => (long)Math.Max(r.Count, 0)) <= GpuUsageReportedValidator.MaxSecondsPerReport)
            .WithMessage($"A report carries at most {GpuUsageReportedValidator.MaxSecondsPerReport} seconds.")
            .Custom(InOrderWithoutOverlap);
        RuleForEach(r => r.Seconds).ChildRules(range =>
        {
            range.RuleFor(r => r.Count).GreaterThan(0);
            range.RuleFor(r => r.FirstSequence).GreaterThanOrEqualTo(0);
            range.RuleFor(r => r.First)
                .Must(s => s.Millisecond == 0 && s.Microsecond == 0 && s.Nanosecond == 0)
                .WithMessage("'First' must be a whole second.")
                .Must(s => s >= clock.GetUtcNow() - limits.AcceptedLateness)
                .WithMessage($"'First' is older than the accepted lateness of {limits.AcceptedLateness.TotalDays} days.");
            range.RuleFor(r => r.First.AddSeconds(Math.Clamp(r.Count - 1, 0, GpuUsageReportedValidator.MaxSecondsPerReport)))
                .Must(s => s <= clock.GetUtcNow() + limits.AcceptedClockSkew)
                .WithMessage($"The range's last second is more than {limits.AcceptedClockSkew.TotalMinutes} minutes in the future.")
                .OverridePropertyName("Last");
        });

        RuleFor(r => r.Gpus).NotEmpty()
            .Must(g => g.Count <= MaxGpuEntries)
            .WithMessage($"A report names at most {MaxGpuEntries} GPU entries.");
        RuleFor(r => r).Custom((report, context) =>
        {
            if (report.Gpus is not { Count: > 0 and <= MaxGpuEntries }) return;
            EverySecondHasItsGpus(report, context);
            ReadingsInRange(report.Gpus, context);
        });
        RuleForEach(r => r.Gpus).ChildRules(gpu =>
        {
            gpu.RuleFor(g => g.GpuUuid).NotEmpty().MaximumLength(MaxIdLength);
            gpu.RuleFor(g => g.Model).NotEmpty().MaximumLength(MaxIdLength);
            gpu.RuleFor(g => g.MigProfile).MaximumLength(MaxIdLength);
            gpu.RuleFor(g => g.Allocations).NotEmpty();
            gpu.RuleForEach(g => g.Allocations).ChildRules(run =>
            {
                run.RuleFor(r => r.Seconds).GreaterThan(0);
                run.RuleFor(r => r.Allocation!.TenantId).NotEmpty().MaximumLength(MaxIdLength).When(r => r.Allocation is not null);
                run.RuleFor(r => r.Allocation!.WorkloadId).NotEmpty().MaximumLength(MaxIdLength).When(r => r.Allocation is not null);
                run.RuleFor(r => r.Allocation!.AllocationClass)
                    .Must(AllocationClasses.IsKnown)
                    .WithMessage(r => $"'AllocationClass' must be '{AllocationClasses.OnDemand}' or '{AllocationClasses.Spot}', not '{r.Allocation!.AllocationClass}'.")
                    .When(r => r.Allocation is not null);
            });
        });
    }

    /// <summary>
    /// Every reading within its bounds, each refused as FluentValidation's own between and
    /// greater-or-equal rules word it. A loop rather than a rule per reading: a report holds a
    /// reading per GPU, second and kind, and a rule per element cost more than the rest of the intake.
    /// </summary>
    private static void ReadingsInRange(IReadOnlyList<GpuWindow> gpus, ValidationContext<GpuUsageWindowReported> context)
    {
        for (var g = 0; g < gpus.Count; g++)
        {
            if (gpus[g] is not { } gpu) continue;
            Between(context, $"Gpus[{g}].UtilizationPercent", "Utilization Percent", gpu.UtilizationPercent, 0m, 100m);
            Between(context, $"Gpus[{g}].MemoryUsedMiB", "Memory Used Mi B", gpu.MemoryUsedMiB, 0L, 16L * 1024 * 1024);
            Between(context, $"Gpus[{g}].PowerWatts", "Power Watts", gpu.PowerWatts, 0m, 10_000m);
            if (gpu.EnergyMillijoules is { } energy)
                for (var i = 0; i < energy.Count; i++)
                    if (energy[i] < 0)
                        context.AddFailure($"Gpus[{g}].EnergyMillijoules[{i}]", "'Energy Millijoules' must be greater than or equal to '0'.");
        }
    }

    private static void Between<T>(ValidationContext<GpuUsageWindowReported> context, string field, string name, IReadOnlyList<T?>? readings, T from, T to)
        where T : struct, IComparable<T>, IFormattable
    {
        if (readings is null) return;
        for (var i = 0; i < readings.Count; i++)
            if (readings[i] is { } value && (value.CompareTo(from) < 0 || value.CompareTo(to) > 0))
                context.AddFailure($"{field}[{i}]", string.Create(CultureInfo.InvariantCulture, $"'{name}' must be between {from} and {to}. You entered {value}."));
    }

    private static void InOrderWithoutOverlap(IReadOnlyList<SecondRange> ranges, ValidationContext<GpuUsageWindowReported> context)
    {
        for (var i = 1; i < ranges.Count; i++)
        {
            var (before, range) = (ranges[i - 1], ranges[i]);
            var count = Math.Clamp(before.Count, 0, GpuUsageReportedValidator.MaxSecondsPerReport);
            if (range.First < before.First.AddSeconds(count) || range.FirstSequence < before.FirstSequence + count)
                context.AddFailure($"Seconds[{i}]",
                    $"The range starting at {range.First:O} (sequence {range.FirstSequence}) overlaps or precedes the range before it, "
                    + $"which ends at {before.First.AddSeconds(count - 1):O} (sequence {before.FirstSequence + count - 1}).");
        }
    }

    /// <summary>
    /// Each GPU names seconds the report holds, once each, with one allocation and one reading per
    /// second; no second holds a GPU twice, none holds more than a node may have, and none is empty.
    /// </summary>
    private static void EverySecondHasItsGpus(GpuUsageWindowReported report, ValidationContext<GpuUsageWindowReported> context)
    {
        var seconds = report.Seconds.Sum(r => (long)Math.Max(r.Count, 0));
        if (seconds > GpuUsageReportedValidator.MaxSecondsPerReport) return;
        // Per second, how many GPUs it holds; per GPU, the seconds that hold it (only entries sharing a GPU can clash).
        var gpusAt = new int[seconds];
        var secondsOf = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        for (var g = 0; g < report.Gpus.Count; g++)
        {
            var gpu = report.Gpus[g];
            var field = $"Gpus[{g}]";
            if (PresentSeconds(gpu.Present, seconds, out var problem) is not { } present)
            {
                context.AddFailure($"{field}.Present", problem!);
                continue;
            }
            if (!secondsOf.TryGetValue(gpu.GpuUuid ?? "", out var holding)) secondsOf[gpu.GpuUuid ?? ""] = holding = new bool[seconds];
            foreach (var position in present)
            {
                if (holding[position])
                {
                    context.AddFailure($"{field}.Present", $"GPU '{gpu.GpuUuid}' appears twice in the second at position {position}.");
                    break;
                }
                holding[position] = true;
                gpusAt[position]++;
            }
            if (gpu.Allocations is { } allocations && allocations.Sum(a => (long)a.Seconds) != present.Count)
                context.AddFailure($"{field}.Allocations", $"The allocations cover {allocations.Sum(a => (long)a.Seconds)} seconds; the GPU is present in {present.Count}.");
            Readings(context, $"{field}.UtilizationPercent", gpu.UtilizationPercent?.Count, present.Count);
            Readings(context, $"{field}.MemoryUsedMiB", gpu.MemoryUsedMiB?.Count, present.Count);
            Readings(context, $"{field}.PowerWatts", gpu.PowerWatts?.Count, present.Count);
            Readings(context, $"{field}.EnergyMillijoules", gpu.EnergyMillijoules?.Count, present.Count);
        }
        for (var position = 0; position < seconds; position++)
        {
            if (gpusAt[position] == 0)
                context.AddFailure("Gpus", $"The second at position {position} holds no GPU.");
            else if (gpusAt[position] > GpuUsageReportedValidator.MaxGpusPerSecond)
                context.AddFailure("Gpus", $"A node reports at most {GpuUsageReportedValidator.MaxGpusPerSecond} GPUs a second; the second at position {position} holds {gpusAt[position]}.");
        }
    }

    /// <summary>The positions run-length text names, each once and within the report; null with the problem otherwise.</summary>
    private static List<long>? PresentSeconds(string? present, long seconds, out string? problem)
    {
        problem = null;
        var positions = new List<long>();
        try
        {
            foreach (var (first, last) in Runs.ParseRanges(present ?? ""))
            {
                if (first < 0 || first > last || positions.Count > 0 && first <= positions[^1])
                {
                    problem = $"'{present}' is not ascending: each range must start after the one before it ends.";
                    return null;
                }
                if (last >= seconds)
                {
                    problem = $"'{present}' names the second at position {last}, but the report holds {seconds} seconds.";
                    return null;
                }
                for (var position = first; position <= last; position++) positions.Add(position);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            problem = $"'{present}' is not run-length text such as '0-9,12'.";
            return null;
        }
        if (positions.Count == 0) problem = "A GPU must be present in at least one second.";
        return positions.Count == 0 ? null : positions;
    }

    private static void Readings(ValidationContext<GpuUsageWindowReported> context, string field, int? count, int present)
    {
        if (count is { } n && n != present)
            context.AddFailure(field, $"{n} readings for the {present} seconds the GPU is present.");
    }
}
