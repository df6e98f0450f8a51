using System.Globalization;
using System.Text;
using Metering.Ledger;
using Metering.Usage;

namespace Metering.Benchmarks;

/// <summary>Everything one run measured, whichever phases it ran.</summary>
public sealed record BenchResults(
    Machine Machine,
    string RabbitMqVersion,
    string PostgresVersion,
    SampleMessage Sample,
    PhaseResult? Raw,
    PhaseResult? Floor,
    PipelineResult? Pipeline,
    IReadOnlyList<PipelineResult> MeteringAlone,
    FreshnessResult? Freshness,
    ApiResult? Api,
    RatingResult? Rating = null,
    RecomputeResult? Recompute = null,
    WebhooksResult? Webhooks = null,
    FleetReportsResult? Fleet = null,
    StandingResult? Standing = null,
    RealtimeResult? Realtime = null);

/// <summary>The results as plain text tables, the form docs/BENCHMARKS.md quotes.</summary>
public static class Report
{
    // The issue's targets.
    public const double PipelineToFloorTarget = 0.7;
    public const double BytesPerGpuSecondTarget = 4;
    public const double P99VisibilityTarget = 15;
    public const double MeteringAloneGpuSecondsTarget = 150_000;
    public const double MeteringAloneToFloorTarget = 0.7;

    private static readonly string[] CpuColumns = ["bench", "rabbitmq", "postgres", "metering", "node-agent"];

    public static string Render(BenchResults r)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.AppendLine(line);

        Line("== Machine ==");
        Line($"  {r.Machine.Cores} cores ({r.Machine.CpuModel}), {Gib(r.Machine.MemoryBytes)} RAM, load average at start {r.Machine.LoadAverage}");
        Line($"  {r.Machine.System}; {r.Machine.Runtime}; RabbitMQ {r.RabbitMqVersion}; PostgreSQL {r.PostgresVersion}");
        Line($"  message: {r.Sample.ReportType}, {r.Sample.NodeSeconds} node-second(s) of {Fleet.GpusPerNode} GPUs = {r.Sample.GpuSeconds} GPU-seconds, "
            + $"MassTransit envelope of {r.Sample.Envelope.Length:N0} bytes = {r.Sample.BytesPerNodeSecond:N0} bytes per node-second "
            + $"({r.Sample.Properties.ContentType}, delivery mode {(int)r.Sample.Properties.DeliveryMode})");
        Line();

        Line($"== Throughput (same message in every phase; one message = {r.Sample.NodeSeconds} node-second(s) = {r.Sample.GpuSeconds} GPU-seconds) ==");
        Line($"  {"phase",-62} {"messages/s",11} {"GPU-s/s",10} {"÷ raw",7} {"÷ floor",8}");
        void Row(string phase, double gpuSecondsPerSecond, string? floorRatio = null) =>
            Line($"  {phase,-62} {gpuSecondsPerSecond / r.Sample.GpuSeconds,11:N0} {gpuSecondsPerSecond,10:N0} "
                + $"{Ratio(gpuSecondsPerSecond, r.Raw?.GpuSecondsPerSecond),7} {floorRatio ?? Ratio(gpuSecondsPerSecond, r.Floor?.GpuSecondsPerSecond),8}");
        if (r.Raw is { } raw) Row($"1  physical limit: RabbitMQ.Client 7.2.2, confirms, {raw.Messages:N0} msgs", raw.GpuSecondsPerSecond, "");
        if (r.Floor is { } floor) Row($"2  framework floor: MassTransit 8.5.12 null batch consumer", floor.GpuSecondsPerSecond);
        if (r.Pipeline is { } pipeline) Row("3a whole pipeline: agent → RabbitMQ → Metering → PostgreSQL", pipeline.GpuSecondsPerSecond);
        foreach (var alone in r.MeteringAlone)
            Row($"   (metering alone, {Instances(alone)}, draining a queue the agent filled first)", alone.GpuSecondsPerSecond);
        if (r.Raw is not null) Line($"  queue (phase 1): {r.Raw.QueueDeclaration}");
        if (r.Floor is not null) Line($"  queue (phase 2): {r.Floor.QueueDeclaration}; prefetch {Prefetch.Count}, batches of {Metering.Ingestion.GpuUsageReportedConsumerDefinition.BatchSize} or 250 ms, {Metering.Ingestion.GpuUsageReportedConsumerDefinition.ConcurrentBatches} at once");
        foreach (var p in r.MeteringAlone.Prepend(r.Pipeline).OfType<PipelineResult>())
        {
            var label = Label(p);
            Line($"  {label}: {p.Nodes:N0} nodes × {Fleet.GpusPerNode} GPUs × {p.Seconds:N0} s = {p.GpuSeconds:N0} GPU-seconds ({p.Messages:N0} messages), "
                + "every one counted exactly once");
            Line($"      drained in {p.Drain.TotalSeconds:F1} s (first to last visible)"
                + (p.Mode == PipelineMode.Concurrent ? $"; first visible {p.FirstVisibleAfter.TotalSeconds:F1} s after the agent started, which finished spooling after {(p.SpooledAfter is { } s ? $"{s.TotalSeconds:F1} s" : "?")}" : "")
                + $"; queue depth peaked at {p.MaxQueueDepth:N0}"
                + (p.Mode == PipelineMode.Concurrent && p.MaxQueueDepth <= Prefetch.Count ? " (never more than metering's prefetch: metering kept up, the agent set the pace)" : "")
                + (p.Mode == PipelineMode.Concurrent && p.Drain < TimeSpan.FromSeconds(60) ? "  WARNING: under 60 s, raise BENCH_PIPELINE_SECONDS" : ""));
            var a = p.Activity;
            Line($"      PostgreSQL per message: {(double)a.Commits / p.Messages:F3} commits, {(double)a.Inserted / p.Messages:F2} rows inserted, "
                + $"{(double)a.Updated / p.Messages:F2} updated, {(double)a.Deleted / p.Messages:F2} deleted ({a.Rollbacks} rollbacks)");
        }
        if (r.MeteringAlone.FirstOrDefault(p => p.Instances == 1) is { } one && r.MeteringAlone.FirstOrDefault(p => p.Instances == 2) is { } two)
            Line($"  scale-out: 2 instances drained {two.MessagesPerSecond / one.MessagesPerSecond:F2} × as fast as 1 "
                + $"({two.GpuSecondsPerSecond:N0} against {one.GpuSecondsPerSecond:N0} GPU-seconds/s; {two.GpuSecondsPerSecond / 2:N0} per instance), on the same {r.Machine.Cores} cores");
        Line();

        if (r.Api is { } api)
        {
            Line($"== Usage API (one tenant, {ApiLatencyPhase.Gpus:N0} GPUs on {ApiLatencyPhase.Nodes} nodes, {ApiLatencyPhase.Days} days of 15-minute buckets seeded by COPY) ==");
            Line($"  usage_buckets: {api.Rows:N0} rows, {api.TableBytes / 1024d / 1024:F1} MiB with indexes; {TenantUsageBuckets.TableName}: {api.TenantRows:N0} rows, "
                + $"{api.TenantTableBytes / 1024d:F0} KiB with indexes = {(double)api.TenantTableBytes / ApiResult.GpuSeconds:F6} bytes per GPU-second; seeded and analyzed in {api.SeedTime.TotalSeconds:F1} s");
            Line($"  {api.Latencies.FirstOrDefault()?.Api.Count ?? 0} requests per query after {ApiLatencyPhase.Warmup} not timed, each through the gateway (\"gateway\"), "
                + "at metering's own port (\"API\") and as the endpoint's own SQL through Npgsql over the table it reads (\"SQL\"), alternated; milliseconds");
            Line($"  {"query (from, to: the 30 days)",-34} {"reads",-21} {"periods",8} {"bytes",9} {"gateway p50",12} {"p99",7} {"API p50",8} {"p99",7} {"max",7} "
                + $"{"SQL p50",8} {"p99",7} {"max",7} {"API÷SQL p50",12} {"p99",5} {"gateway−API p50",16}");
            foreach (var l in api.Latencies)
            {
                Line($"  {l.Parameters,-34} {(l.ByNode ? UsageBuckets.TableName : TenantUsageBuckets.TableName),-21} {l.Periods,8:N0} {l.ResponseBytes,9:N0} {l.GatewayPercentile(50),12:F1} {l.GatewayPercentile(99),7:F1} "
                    + $"{l.ApiPercentile(50),8:F1} {l.ApiPercentile(99),7:F1} {l.ApiPercentile(100),7:F1} "
                    + $"{l.FloorPercentile(50),8:F1} {l.FloorPercentile(99),7:F1} {l.FloorPercentile(100),7:F1} "
                    + $"{l.ApiPercentile(50) / l.FloorPercentile(50),12:F2} {l.ApiPercentile(99) / l.FloorPercentile(99),5:F2} "
                    + $"{l.GatewayPercentile(50) - l.ApiPercentile(50),16:F1}");
            }
            Line($"  target 6, through the gateway at p99: {"query",-34} {"gateway p99",12} {$"÷ SQL p99 (≤ {ApiLatencyPhase.GatewayToSqlTarget})",18} {$"< {ApiLatencyPhase.NotByNodeP99TargetMs} ms",10}");
            foreach (var l in api.Latencies)
            {
                Line($"  {"",38} {l.Parameters,-34} {l.GatewayPercentile(99),12:F1} {$"{l.GatewayToSql:F2} {Met(l.GatewayToSql <= ApiLatencyPhase.GatewayToSqlTarget)}",18} "
                    + $"{(l.ByNode ? "-" : Met(l.GatewayPercentile(99) < ApiLatencyPhase.NotByNodeP99TargetMs)),10}");
            }
            Line();
        }

        if (r.Rating is { } rating)
        {
            // The ledger's production rate: metering's own limit where it was measured, else the whole pipeline's.
            var ledger = r.MeteringAlone.FirstOrDefault(p => p.Instances == 1) ?? r.Pipeline;
            var source = ledger is null ? "run it with `backlog` or `pipeline` to compare; docs/BENCHMARKS.md has the last figures"
                : ledger.Mode == PipelineMode.Concurrent ? "whole pipeline, 3a" : "metering alone, 1 instance";
            foreach (var line in rating.Describe(ledger?.GpuSecondsPerSecond, source)) Line(line);
            Line();
        }

        if (r.Recompute is { } recompute)
        {
            foreach (var line in recompute.Describe()) Line(line);
            Line();
        }

        if (r.Webhooks is { } webhooks)
        {
            foreach (var line in webhooks.Describe()) Line(line);
            Line();
        }

        if (r.Fleet is { } fleet)
        {
            foreach (var line in fleet.Describe()) Line(line);
            Line();
        }

        if (r.Standing is { } standing)
        {
            foreach (var line in standing.Describe()) Line(line);
            Line();
        }

        if (r.Realtime is { } realtime)
        {
            foreach (var line in realtime.Describe()) Line(line);
            Line();
        }

        if (r.Freshness is { } f)
        {
            Line($"== Freshness and compactness (real time, {f.Nodes:N0} nodes = {f.Gpus:N0} GPUs, {f.Seconds} s from {f.Start:HH:mm:ss} UTC, sealing window {f.SealingWindow:c}) ==");
            Line($"  visibility in GET /v1/usage (second s counted from s + 1 s): p50 {f.Percentile(50):F2} s, p99 {f.Percentile(99):F2} s, "
                + $"max {f.Percentile(100):F2} s over {f.Latencies.Count} seconds ({f.Polls} polls, {f.FailedPolls} failed)");
            Line($"  everything sealed {f.SealedAfterEnd.TotalSeconds:F0} s after the last second; ledger: {f.Events:N0} events, "
                + $"{f.GpuSecondsPerEvent:N0} GPU-seconds per event, {f.AverageEventBytes:N0} bytes of JSON per event on average");
            Line($"  PostgreSQL after VACUUM: +{f.TotalGrowth:N0} bytes for {f.GpuSeconds:N0} GPU-seconds = {f.BytesPerGpuSecond:F2} bytes per GPU-second");
            var intake = f.Growth($"{MeteringStorage.Name}.{Intake.PartsTable}") + f.Growth($"{MeteringStorage.Name}.{Intake.ClaimsTable}");
            Line($"    of which the intake (parts and claims: its peak working set, reused row for row, not history): {(double)intake / f.GpuSeconds:F2} B; "
                + $"ledger and read models: {(double)(f.TotalGrowth - intake) / f.GpuSeconds:F2} B per GPU-second");
            Line($"  {"table (with indexes, TOAST)",-32} {"before",12} {"after",12} {"indexes after",14} {"growth",12} {"B/GPU-s",8}");
            foreach (var table in f.SizesAfter.Keys.Union(f.SizesBefore.Keys).OrderByDescending(f.Growth))
            {
                var (before, after) = (f.SizesBefore.GetValueOrDefault(table), f.SizesAfter.GetValueOrDefault(table));
                Line($"  {table,-32} {before?.Total ?? 0,12:N0} {after?.Total ?? 0,12:N0} {after?.Indexes ?? 0,14:N0} {f.Growth(table),12:N0} {(double)f.Growth(table) / f.GpuSeconds,8:F3}");
            }
            Line();
        }

        Line("== Targets (from the issue) ==");
        var ratio = r.Pipeline is not null && r.Floor is not null ? r.Pipeline.MessagesPerSecond / r.Floor.MessagesPerSecond : (double?)null;
        Line(Target($"pipeline ≥ {PipelineToFloorTarget} × framework floor", ratio, v => $"{v:F2} ×", v => v >= PipelineToFloorTarget));
        Line(Target($"PostgreSQL < {BytesPerGpuSecondTarget} bytes per GPU-second", r.Freshness?.BytesPerGpuSecond, v => $"{v:F2} B", v => v < BytesPerGpuSecondTarget));
        Line(Target($"p99 visibility ≤ {P99VisibilityTarget} s", r.Freshness?.Percentile(99), v => $"{v:F2} s", v => v <= P99VisibilityTarget));
        Line(Target($"standing p99 freshness ≤ {StandingResult.P99FreshnessTarget} s", r.Standing?.Freshness(99), v => $"{v:F2} s", v => v <= StandingResult.P99FreshnessTarget));
        Line(Target($"standing p99 ≤ {StandingResult.EndpointToBareReadTarget} × bare read", r.Standing?.EndpointToBareRead, v => $"{v:F2} ×", v => v <= StandingResult.EndpointToBareReadTarget));
        if (r.MeteringAlone.FirstOrDefault(p => p.Instances == 1) is { } alone1)
        {
            // Issue 17's target 1, in the form a script reads.
            Line($"target metering-alone: {alone1.GpuSecondsPerSecond:F0} GPU-seconds/s (target {MeteringAloneGpuSecondsTarget:F0}) {Met(alone1.GpuSecondsPerSecond >= MeteringAloneGpuSecondsTarget)}");
            if (r.Floor is { } f1)
            {
                var toFloor = alone1.GpuSecondsPerSecond / f1.GpuSecondsPerSecond;
                Line($"target metering-alone-to-floor: {toFloor:F2} x (target {MeteringAloneToFloorTarget}) {Met(toFloor >= MeteringAloneToFloorTarget)}");
            }
        }
        foreach (var line in r.Recompute?.Targets() ?? []) Line(line);
        foreach (var line in r.Realtime?.Targets() ?? []) Line(line);
        foreach (var line in r.Api?.Targets() ?? []) Line(line);
        Line($"report: {r.Sample.ReportType}, {r.Sample.BytesPerNodeSecond:F0} bytes per node-second on the wire");
        Line();

        Line("== Where the CPU went (cores busy on average over each timed span; the machine has " + r.Machine.Cores + ") ==");
        Line($"  {"phase",-22} {"span",7} " + string.Join(' ', CpuColumns.Select(c => $"{c,10}")) + $" {"other",8} {"machine",8}");
        void Cpu(string phase, CpuReport? cpu)
        {
            if (cpu is null) return;
            var columns = CpuColumns.Select(c => cpu.Processes.Any(p => p.Name == c || p.Name.StartsWith($"{c}#", StringComparison.Ordinal))
                ? $"{cpu.CoresBusy(cpu.CpuSecondsOf(c)),10:F2}" : $"{"-",10}");
            Line($"  {phase,-22} {cpu.Elapsed.TotalSeconds,6:F0}s " + string.Join(' ', columns)
                + $" {cpu.CoresBusy(cpu.OtherSeconds),8:F2} {cpu.CoresBusy(cpu.MachineBusySeconds),8:F2}");
        }
        Cpu("1  raw broker", r.Raw?.Cpu);
        Cpu("2  framework floor", r.Floor?.Cpu);
        Cpu("3a pipeline, backfill", r.Pipeline?.Cpu);
        foreach (var alone in r.MeteringAlone) Cpu(Label(alone), alone.Cpu);
        Cpu("3b pipeline, real time", r.Freshness?.Cpu);
        foreach (var pc in r.MeteringAlone.Prepend(r.Pipeline).OfType<PipelineResult>())
        {
            var label = Label(pc);
            var perThousand = pc.Cpu.Processes
                .Select(p => $"{p.Name} {p.CpuSeconds / pc.GpuSecondsDrained * Fleet.GpusPerNode * 1000 * 1000:F0}{Kernel(p)}");
            Line($"  {label}, CPU-milliseconds per 1,000 node-seconds: {string.Join(", ", perThousand)}");
        }
        foreach (var (label, pc) in new[] { ("1", r.Raw), ("2", r.Floor) })
        {
            if (pc is null) continue;
            var perThousand = pc.Cpu.Processes
                .Select(p => $"{p.Name} {p.CpuSeconds / (pc.Messages * r.Sample.NodeSeconds) * 1000 * 1000:F0}{Kernel(p)}");
            Line($"  {label}, CPU-milliseconds per 1,000 node-seconds: {string.Join(", ", perThousand)}");
        }
        Line("  \"other\" is busy time no watched process accounts for: other work on the machine and the kernel's own;");
        Line("  (k%) is the share of a process's CPU spent in the kernel (system calls: sockets, files).");
        Line();

        Line("== Resident memory of each process started (MiB; the agent's end is its last reading before it exited) ==");
        Line($"  {"phase",-26} {"process",-12} {"peak",8} {"end",8}");
        void Memory(string phase, IReadOnlyList<ProcessMemory>? processes)
        {
            foreach (var m in processes ?? [])
                Line($"  {phase,-26} {m.Name,-12} {Mib(m.PeakBytes),8} {Mib(m.EndBytes),8}");
        }
        Memory("3a pipeline, backfill", r.Pipeline?.Memory);
        foreach (var alone in r.MeteringAlone) Memory(Label(alone), alone.Memory);
        Memory("3b pipeline, real time", r.Freshness?.Memory);
        Memory("usage API", r.Api?.Memory);
        Memory("rating", r.Rating?.Memory);
        Memory("webhooks", r.Webhooks is { } w ? [w.Memory] : null);
        Memory("fleet reports", r.Fleet?.Memory);
        Memory("standing", r.Standing?.Memory);
        Memory("realtime (issue 17)", r.Realtime?.Memory);
        return text.ToString();
    }

    private static string Met(bool met) => met ? "met" : "not met";

    private static string Instances(PipelineResult p) => p.Instances == 1 ? "1 instance" : $"{p.Instances} instances";

    private static string Label(PipelineResult p) => p.Mode == PipelineMode.Concurrent ? "3a pipeline, backfill" : $"alone, {Instances(p)}";

    private static string Mib(long bytes) => $"{bytes / 1024d / 1024:N0}";

    private static string Kernel(ProcessCpu process) =>
        process.CpuSeconds > 0 ? $" ({process.KernelSeconds / process.CpuSeconds * 100:F0}% k)" : "";

    private static string Target(string name, double? value, Func<double, string> format, Func<double, bool> met) =>
        $"  {name,-44} {(value is { } v ? format(v) : "not measured"),12}  {(value is { } w ? met(w) ? "met" : "NOT MET" : "")}";

    private static string Ratio(double value, double? reference) =>
        reference is { } r and > 0 ? (value / r).ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Gib(long bytes) => $"{bytes / 1024d / 1024 / 1024:F1} GiB";
}
