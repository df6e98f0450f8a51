namespace Metering.Benchmarks;

/// <summary>What the real-time phase measured (issue 17, targets 2 and 4).</summary>
/// <param name="Billed">From the end of the run until pricing had accrued and invoicing tallied every GPU-second.</param>
public sealed record RealtimeResult(
    int Nodes,
    DateTimeOffset Start,
    int Seconds,
    string LoadAtStart,
    string LoadAtEnd,
    string LoadAfterSettling,
    Visibility Visibility,
    QueueLoad Queues,
    TimeSpan SealedAfterEnd,
    TimeSpan Billed,
    StoredSizes Before,
    StoredSizes After,
    long GpuSeconds,
    long LedgerEvents,
    IReadOnlyList<ProcessMemory> Memory)
{
    public const double P99VisibilityTarget = 15;
    public const double BytesPerGpuSecondTarget = 1;

    public static readonly string[] Processes = ["node-agent", "metering", "pricing", "invoicing", "rabbitmq", "postgres", "bench"];

    public int Gpus => Nodes * Fleet.GpusPerNode;

    /// <summary>One window's reports: every node sends one per window.</summary>
    public long WindowReports => Nodes;

    /// <summary>Seconds never seen by the deadline count as later than any that were.</summary>
    public double Visible(double p) =>
        Statistics.Percentile([.. Visibility.Latencies, .. Enumerable.Repeat(double.PositiveInfinity, Seconds - Visibility.Latencies.Count)], p);

    public long? QueueBound => Queues.Baseline is { } b ? b.Reports.Messages + WindowReports : null;

    public long Growth(string table) => (After.Tables.GetValueOrDefault(table)?.Total ?? 0) - (Before.Tables.GetValueOrDefault(table)?.Total ?? 0);

    public long IndexGrowth(string index) => After.Indexes.GetValueOrDefault(index) - Before.Indexes.GetValueOrDefault(index);

    public long TotalGrowth => After.Tables.Keys.Union(Before.Tables.Keys).Sum(Growth);

    public double BytesPerGpuSecond => (double)TotalGrowth / GpuSeconds;

    private static string Met(bool met) => met ? "met" : "not met";

    public IEnumerable<string> Describe()
    {
        yield return $"== Real time, the whole system (issue 17, targets 2 and 4: 100,000 GPUs): {Nodes:N0} nodes = {Gpus:N0} GPUs, {Seconds} s from {Start:HH:mm:ss} UTC; "
            + $"load average {LoadAtStart} at the start, {LoadAtEnd} at the end, {LoadAfterSettling} once settled ==";
        yield return $"  the agent: compact report, {BenchSettings.CompactWindowSeconds} s window, spool fsynced per window; metering, pricing and invoicing at their defaults";
        if (Queues.Baseline is { } b && Queues.End is { } e)
        {
            var span = (e.At - b.At).TotalSeconds;
            var published = e.Reports.Published - b.Reports.Published;
            var acknowledged = e.Reports.Acknowledged - b.Reports.Acknowledged;
            yield return $"  from {Baseline(b)} to the end ({span:F0} s): offered {published / span:N0} messages/s "
                + $"= {published * BenchSettings.CompactWindowSeconds * Fleet.GpusPerNode / span:N0} GPU-seconds/s (the fleet samples {Gpus:N0}); "
                + $"recorded {acknowledged / span:N0} messages/s acknowledged, {(e.GpuSecondsRecorded - b.GpuSecondsRecorded) / span:N0} GPU-seconds/s into the usage read model";
            yield return $"  gpu-usage queue: {b.Reports.Messages:N0} messages after {RealtimePhase.Baseline.TotalMinutes:F0} min, {e.Reports.Messages:N0} at the end "
                + $"(bound: {QueueBound:N0} = after {RealtimePhase.Baseline.TotalMinutes:F0} min + one window's {WindowReports:N0} reports)";
        }
        else
        {
            yield return "  the run was too short for the queue's baseline (2 minutes) and end to be read";
        }
        yield return "  deepest sample of each queue during the run: " + string.Join(", ", Queues.Peaks.Select(q => $"{q.Key} {q.Value:N0}"));
        yield return $"  visibility in GET /v1/usage (second s counted from s + 1 s): p50 {Visible(50):F2} s, p99 {Visible(99):F2} s, max {Visible(100):F2} s "
            + $"over {Seconds} seconds ({Visibility.Latencies.Count} seen; {Visibility.Polls} polls, {Visibility.FailedPolls} failed)";
        yield return $"  everything sealed {SealedAfterEnd.TotalSeconds:F0} s after the last second, accrued by pricing and tallied by invoicing {Billed.TotalSeconds:F0} s after it, "
            + $"every queue empty; {GpuSeconds:N0} GPU-seconds, each counted exactly once in the read model, pricing's accrual and invoicing's tally; "
            + $"ledger: {LedgerEvents:N0} events = {(LedgerEvents == 0 ? 0 : GpuSeconds / LedgerEvents):N0} GPU-seconds per event";

        var cpu = Visibility.Cpu;
        var nodeSeconds = (double)Nodes * cpu.Elapsed.TotalSeconds;
        yield return $"  CPU from the first second to the last visible ({cpu.Elapsed.TotalSeconds:F0} s), cores busy and µs per node-second: "
            + string.Join(", ", Processes.Select(p => $"{p} {cpu.CoresBusy(cpu.CpuSecondsOf(p)):F2} ({cpu.CpuSecondsOf(p) / nodeSeconds * 1e6:F1} µs)"))
            + $", other {cpu.CoresBusy(cpu.OtherSeconds):F2}, machine {cpu.CoresBusy(cpu.MachineBusySeconds):F2} of {cpu.Cores}";
        yield return "  peak resident memory: " + string.Join(", ", Memory.Select(m => $"{m.Name} {m.PeakBytes / 1024d / 1024:N0} MiB"));

        yield return $"  PostgreSQL after VACUUM, every schema: +{TotalGrowth:N0} bytes for {GpuSeconds:N0} GPU-seconds = {BytesPerGpuSecond:F3} bytes per GPU-second";
        yield return $"  {"table (with indexes, TOAST)",-44} {"before",12} {"after",12} {"indexes after",14} {"growth",12} {"B/GPU-s",8}";
        foreach (var table in After.Tables.Keys.Union(Before.Tables.Keys).Where(t => Growth(t) != 0).OrderByDescending(Growth))
        {
            var (before, after) = (Before.Tables.GetValueOrDefault(table), After.Tables.GetValueOrDefault(table));
            yield return $"  {table,-44} {before?.Total ?? 0,12:N0} {after?.Total ?? 0,12:N0} {after?.Indexes ?? 0,14:N0} {Growth(table),12:N0} {(double)Growth(table) / GpuSeconds,8:F3}";
        }
        yield return $"  {"index",-44} {"growth",12} {"B/GPU-s",8}";
        foreach (var index in After.Indexes.Keys.Union(Before.Indexes.Keys).Where(i => IndexGrowth(i) != 0).OrderByDescending(IndexGrowth))
            yield return $"  {index,-44} {IndexGrowth(index),12:N0} {(double)IndexGrowth(index) / GpuSeconds,8:F3}";
    }

    private static string Baseline(QueueMark mark) => $"{mark.At:HH:mm:ss}";

    /// <summary>Issue 17's lines for targets 2 and 4, in the form a script reads.</summary>
    public IEnumerable<string> Targets()
    {
        if (Queues.End is { } end && QueueBound is { } bound)
            yield return $"target realtime-queue: {end.Reports.Messages} messages (target {bound}) {Met(end.Reports.Messages <= bound)}";
        else
            yield return "target realtime-queue: not measured (the run was shorter than the baseline) not met";
        var p99 = Visible(99);
        yield return $"target realtime-visibility: {p99:F2} s (target {P99VisibilityTarget}) {Met(p99 <= P99VisibilityTarget)}";
        yield return $"target storage: {BytesPerGpuSecond:F3} bytes per GPU-second (target {BytesPerGpuSecondTarget}) {Met(BytesPerGpuSecond <= BytesPerGpuSecondTarget)}";
    }
}
