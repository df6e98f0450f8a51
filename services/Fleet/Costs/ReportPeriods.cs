using GpuBilling.Decisions;

namespace Fleet.Costs;

/// <summary>The period a fleet report covers: whole UTC seconds, [from, to), at most <see cref="MaxLength"/> long.</summary>
public static class ReportPeriods
{
    /// <summary>A report reads every node-hour of its period at once; longer periods are asked for in parts.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(93);

    public static IReadOnlyList<FieldProblem> ProblemsWith(DateTimeOffset? from, DateTimeOffset? to)
    {
        var problems = new List<FieldProblem>();
        if (from is not { } start) problems.Add(new("from", "'from' is required: the period's first second (UTC)."));
        else if (!IsWholeUtcSecond(start)) problems.Add(new("from", "'from' must be a whole second in UTC (offset +00:00)."));
        if (to is not { } end) problems.Add(new("to", "'to' is required: the second after the period (UTC)."));
        else if (!IsWholeUtcSecond(end)) problems.Add(new("to", "'to' must be a whole second in UTC (offset +00:00)."));
        if (problems.Count == 0 && to <= from) problems.Add(new("to", "'to' must be after 'from'."));
        if (problems.Count == 0 && to - from > MaxLength) problems.Add(new("to", $"A period is at most {MaxLength.TotalDays} days."));
        return problems;
    }

    private static bool IsWholeUtcSecond(DateTimeOffset t) => t.Offset == TimeSpan.Zero && t.Ticks % TimeSpan.TicksPerSecond == 0;
}
