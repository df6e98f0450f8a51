using Metering.Benchmarks;

// `make bench`: the physical limit, the framework floor and the whole pipeline, measured one
// after another on this machine with the same message; then metering alone with one and two
// instances, the usage API's read path, rating against the ledger, and an auditor's recompute of
// a month's invoice, webhook deliveries, the fleet's margin and efficiency reports, and the live
// standing of 100 prepaid tenants; and, when asked for, 100,000 GPUs in real time through every service. Expects the servers of servers.sh (bench.sh starts them and exports
// servers.env); see docs/BENCHMARKS.md for what each phase measures and the BENCH_* settings.
if (!Servers.AreConfigured)
{
    Console.Error.WriteLine("No servers: run it with `make bench`, which starts PostgreSQL and RabbitMQ and exports their addresses.");
    return 1;
}

try
{
    var settings = BenchSettings.FromEnvironment();
    Directory.CreateDirectory(settings.WorkDirectory);
    var machine = Machine.Describe();
    Console.WriteLine($"Metering benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: phases {string.Join(", ", settings.Phases)}; "
        + $"{machine.Cores} cores, load average {machine.LoadAverage}");

    // The servers' own CPU is measured in every phase, and the benchmark's (which is the client in phases 1 and 2).
    WatchedProcess?[] ServerProcesses() =>
    [
        new("bench", Environment.ProcessId),
        settings.RabbitMqPid is { } rabbit ? new("rabbitmq", rabbit) : null,
        settings.PostgresPid is { } postgres ? new("postgres", postgres, WithChildren: true) : null,
    ];

    Console.WriteLine("Capturing the message the agent sends...");
    var sample = await SampleMessage.CaptureAsync(settings);
    Console.WriteLine($"  {sample.ReportType}, {sample.NodeSeconds} node-second(s): {sample.Envelope.Length:N0} bytes, {sample.BytesPerNodeSecond:N0} per node-second, {sample.Properties.ContentType}");

    PhaseResult? raw = null, floor = null;
    PipelineResult? pipeline = null;
    var meteringAlone = new List<PipelineResult>();
    FreshnessResult? freshness = null;
    ApiResult? api = null;

    if (settings.Runs("raw"))
    {
        Console.WriteLine($"Phase 1, physical limit: {settings.RawMessages:N0} messages through RabbitMQ.Client, {settings.InFlight:N0} confirms in flight...");
        raw = await RawBrokerPhase.RunAsync(settings, sample, ServerProcesses);
        Console.WriteLine($"  {raw.MessagesPerSecond:N0} messages/s");
    }

    if (settings.Runs("floor"))
    {
        Console.WriteLine($"Phase 2, framework floor: {settings.FloorMessages:N0} messages through MassTransit, {settings.InFlight:N0} sends in flight...");
        floor = await FrameworkFloorPhase.RunAsync(settings, sample, ServerProcesses);
        Console.WriteLine($"  {floor.MessagesPerSecond:N0} messages/s");
    }

    // Sized so the drain lasts the minimum even if the pipeline ran at 30% of the framework floor
    // (it ran at about a quarter of it on 2 cores, so the drain takes a little longer).
    var assumedPipelineRate = 0.3 * (floor?.MessagesPerSecond ?? 2_000) * settings.SecondsPerMessage;
    var pipelineSeconds = settings.PipelineSeconds
        ?? (int)Math.Ceiling(assumedPipelineRate * settings.PipelineMinimumDrain.TotalSeconds * 1.25 / settings.PipelineNodes);

    if (settings.Runs("pipeline"))
    {
        Console.WriteLine($"Phase 3a, pipeline throughput: {settings.PipelineNodes:N0} nodes × {pipelineSeconds:N0} s backfill, one second per message...");
        pipeline = await PipelineThroughputPhase.RunAsync(settings, settings.PipelineNodes, pipelineSeconds, PipelineMode.Concurrent, 1, ServerProcesses);
        Console.WriteLine($"  {pipeline.MessagesPerSecond:N0} messages/s = {pipeline.GpuSecondsPerSecond:N0} GPU-seconds/s over {pipeline.Drain.TotalSeconds:F0} s, none lost");
    }

    // One instance alone drained at about 0.45 of the framework floor in earlier runs.
    var assumedAloneRate = 0.45 * (floor?.MessagesPerSecond ?? 2_000) * settings.SecondsPerMessage;
    var backlogSeconds = settings.BacklogSeconds
        ?? (int)Math.Ceiling(assumedAloneRate * settings.PipelineMinimumDrain.TotalSeconds / settings.PipelineNodes);
    // Scale-out drains the same backlog with one instance and then two; the first is the backlog phase's run.
    int[] instanceCounts = settings.Runs("scaleout") ? [1, 2] : settings.Runs("backlog") ? [1] : [];

    async Task RunMeteringAloneAsync()
    {
        foreach (var instances in instanceCounts)
        {
            Console.WriteLine($"Metering alone, {instances} instance(s): the agent queues {settings.PipelineNodes:N0} nodes × {backlogSeconds:N0} s first, then metering drains it...");
            var alone = await PipelineThroughputPhase.RunAsync(settings, settings.PipelineNodes, backlogSeconds, PipelineMode.Backlog, instances, ServerProcesses);
            Console.WriteLine($"  {alone.MessagesPerSecond:N0} messages/s = {alone.GpuSecondsPerSecond:N0} GPU-seconds/s over {alone.Drain.TotalSeconds:F0} s, none lost");
            meteringAlone.Add(alone);
        }
    }

    async Task RunFreshnessAsync()
    {
        // Comfortably below the measured maximum: each node sends about one message a second.
        var nodes = settings.FreshnessNodes ?? (pipeline is null ? 500 : Math.Max(1, (int)(pipeline.NodeSecondsPerSecond / 2)));
        Console.WriteLine($"Phase 3b, freshness and compactness (load average now {Machine.LoadAverageNow()}):");
        freshness = await FreshnessPhase.RunAsync(settings, nodes, ServerProcesses);
        Console.WriteLine($"  p99 visibility {freshness.Percentile(99):F2} s, {freshness.BytesPerGpuSecond:F2} bytes per GPU-second");
    }

    // The real-time run ends on a sealing-window boundary, so it spends the rest of the current
    // window before its whole one begins whatever else happens: metering alone goes there when it
    // fits, otherwise after. Each run: the agent fills the queue at about the rate it spooled in
    // phase 3a, metering drains at the assumed rate, and starting and checking take half a minute.
    var fillRate = pipeline?.SpooledAfter is { } spooled ? pipeline.NodeSeconds / spooled.TotalSeconds : 500;
    var backlogMessages = (double)settings.PipelineNodes * backlogSeconds;
    var aloneEstimate = TimeSpan.FromSeconds(instanceCounts.Length * (backlogMessages / fillRate + backlogMessages / assumedAloneRate + 30));
    var aloneFirst = instanceCounts.Length > 0 && (!settings.Runs("freshness") || FreshnessPhase.UntilWholeWindow(settings) > aloneEstimate);
    if (aloneFirst) await RunMeteringAloneAsync();
    if (settings.Runs("freshness")) await RunFreshnessAsync();
    if (!aloneFirst) await RunMeteringAloneAsync();

    if (settings.Runs("api"))
    {
        Console.WriteLine($"Usage API: one tenant with {ApiLatencyPhase.Gpus:N0} GPUs over {ApiLatencyPhase.Days} days, {settings.ApiRequests:N0} requests per query and as many of its SQL alone...");
        api = await ApiLatencyPhase.RunAsync(settings);
        foreach (var latency in api.Latencies)
            Console.WriteLine($"  {latency.Parameters}: p50 {latency.ApiPercentile(50):F1} ms, p99 {latency.ApiPercentile(99):F1} ms; SQL alone p50 {latency.FloorPercentile(50):F1} ms");
    }

    RatingResult? rating = null;
    if (settings.Runs("rating"))
    {
        Console.WriteLine($"Rating: pricing alone drains {settings.RatingMessages:N0} queued ledger events of one tenant with {settings.RatingNodes * Metering.Benchmarks.Fleet.GpusPerNode:N0} GPUs"
            + $"{(settings.RatingObserved ? ", their observations counted first" : "")} (load average now {Machine.LoadAverageNow()})...");
        rating = await RatingPhase.RunAsync(settings, ServerProcesses);
        Console.WriteLine(rating.GpuSecondsDrained == 0
            ? "  every ledger event was accrued by the first poll: too few to time a drain, exactly what was sent"
            : $"  {rating.GpuSecondsPerSecond:N0} GPU-seconds accrued per second over {rating.Drain.TotalSeconds:F0} s, exactly what was sent");
    }

    RecomputeResult? recompute = null;
    if (settings.Runs("recompute"))
    {
        Console.WriteLine($"Recompute: a month's invoice of one tenant with {RecomputePhase.Nodes * Metering.Benchmarks.Fleet.GpusPerNode:N0} GPUs, {settings.RecomputeRuns} runs against a bare read of its events (load average now {Machine.LoadAverageNow()})...");
        recompute = await RecomputePhase.RunAsync(settings.RecomputeRuns);
        Console.WriteLine($"  recompute {recompute.Median(t => t.Full).TotalSeconds:F1} s, bare read {recompute.Median(t => t.Floor).TotalSeconds:F1} s: {recompute.Ratio:F1} ×");
    }

    WebhooksResult? webhooks = null;
    if (settings.Runs("webhooks"))
    {
        Console.WriteLine($"Webhooks: {settings.WebhookEvents:N0} partner events to {WebhooksPhase.Subscriptions} subscriptions each, then as many plain POSTs (load average now {Machine.LoadAverageNow()})...");
        webhooks = await WebhooksPhase.RunAsync(settings, settings.WebhookEvents);
        Console.WriteLine($"  {webhooks.DeliveriesPerSecond:N0} deliveries/s against {webhooks.FloorPerSecond:N0} plain POSTs/s, every webhook-id exactly once");
    }

    FleetReportsResult? fleet = null;
    if (settings.Runs("fleet"))
    {
        Console.WriteLine($"Fleet reports: margin and efficiency of {FleetMonth.Nodes * Metering.Benchmarks.Fleet.GpusPerNode:N0} GPUs over 30 days, {settings.FleetRequests} requests per report and as many of its floor (load average now {Machine.LoadAverageNow()})...");
        fleet = await FleetReportsPhase.RunAsync(settings);
    }

    StandingResult? standing = null;
    if (settings.Runs("standing"))
    {
        Console.WriteLine($"Standing: {StandingPhase.Tenants} tenants' {StandingPhase.Gpus:N0} GPUs in real time through metering, pricing and invoicing, then {settings.StandingRequests} reads against a bare read (load average now {Machine.LoadAverageNow()})...");
        standing = await StandingPhase.RunAsync(settings);
        Console.WriteLine($"  freshness p99 {standing.Freshness(99):F2} s; endpoint p99 {standing.EndpointToBareRead:F2} × the bare read");
    }

    RealtimeResult? realtime = null;
    if (settings.Runs("realtime"))
    {
        Console.WriteLine($"Real time: {settings.RealtimeNodes:N0} nodes × {Metering.Benchmarks.Fleet.GpusPerNode} GPUs for {settings.RealtimeDuration.TotalMinutes:F0} minutes or more through metering, pricing and invoicing, then settled and vacuumed (load average now {Machine.LoadAverageNow()})...");
        realtime = await RealtimePhase.RunAsync(settings, ServerProcesses);
        Console.WriteLine($"  p99 visibility {realtime.Visible(99):F2} s, {realtime.BytesPerGpuSecond:F3} bytes per GPU-second");
    }

    var results = new BenchResults(machine, await Broker.VersionAsync(), await Database.VersionAsync(), sample, raw, floor, pipeline, meteringAlone, freshness, api,
        rating, recompute, webhooks, fleet, standing, realtime);
    Console.WriteLine();
    Console.Write(Report.Render(results));
    Console.WriteLine($"  load average at the end: {Machine.LoadAverageNow()}");
    return 0;
}
catch (BenchmarkFailed failure)
{
    Console.Error.WriteLine($"BENCHMARK FAILED: {failure.Message}");
    return 2;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark could not run: {e}");
    return 1;
}
