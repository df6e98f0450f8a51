using Metering.Benchmarks;

// `make bench`: the physical limit, the framework floor and the whole pipeline, measured one
// after another on this machine with the same message. Expects the servers of servers.sh
// (bench.sh starts them and exports servers.env); see docs/BENCHMARKS.md for what each phase
// measures and the BENCH_* settings.
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
    Console.WriteLine($"  {sample.Envelope.Length:N0} bytes, {sample.Properties.ContentType}");

    PhaseResult? raw = null, floor = null;
    PipelineResult? pipeline = null, backlog = null;
    FreshnessResult? freshness = null;

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
    var assumedPipelineRate = 0.3 * (floor?.MessagesPerSecond ?? 2_000);
    var pipelineSeconds = settings.PipelineSeconds
        ?? (int)Math.Ceiling(assumedPipelineRate * settings.PipelineMinimumDrain.TotalSeconds * 1.25 / settings.PipelineNodes);

    if (settings.Runs("pipeline"))
    {
        Console.WriteLine($"Phase 3a, pipeline throughput: {settings.PipelineNodes:N0} nodes × {pipelineSeconds:N0} s backfill, one second per message...");
        pipeline = await PipelineThroughputPhase.RunAsync(settings, settings.PipelineNodes, pipelineSeconds, PipelineMode.Concurrent, ServerProcesses);
        Console.WriteLine($"  {pipeline.MessagesPerSecond:N0} messages/s = {pipeline.GpuSecondsPerSecond:N0} GPU-seconds/s over {pipeline.Drain.TotalSeconds:F0} s, none lost");
    }

    // Metering alone drains faster than the whole pipeline: a smaller backlog still takes long enough.
    var backlogSeconds = Math.Max(1, (int)Math.Ceiling(pipelineSeconds * 0.6));

    async Task RunBacklogAsync()
    {
        Console.WriteLine($"Metering alone: the agent queues {settings.PipelineNodes:N0} nodes × {backlogSeconds:N0} s first, then metering drains it...");
        backlog = await PipelineThroughputPhase.RunAsync(settings, settings.PipelineNodes, backlogSeconds, PipelineMode.Backlog, ServerProcesses);
        Console.WriteLine($"  {backlog.MessagesPerSecond:N0} messages/s = {backlog.GpuSecondsPerSecond:N0} GPU-seconds/s over {backlog.Drain.TotalSeconds:F0} s, none lost");
    }

    async Task RunFreshnessAsync()
    {
        // Comfortably below the measured maximum: each node sends about one message a second.
        var nodes = settings.FreshnessNodes ?? (pipeline is null ? 500 : Math.Max(1, (int)(pipeline.MessagesPerSecond / 2)));
        Console.WriteLine($"Phase 3b, freshness and compactness (load average now {Machine.LoadAverageNow()}):");
        freshness = await FreshnessPhase.RunAsync(settings, nodes, ServerProcesses);
        Console.WriteLine($"  p99 visibility {freshness.Percentile(99):F2} s, {freshness.BytesPerGpuSecond:F2} bytes per GPU-second");
    }

    // The real-time run ends on a sealing-window boundary, so it spends the rest of the current
    // window before its whole one begins whatever else happens: metering alone goes there when it
    // fits (estimated from phase 3a, which moves the same backlog), otherwise after.
    var backlogEstimate = pipeline is null ? TimeSpan.FromMinutes(2) : (pipeline.FirstVisibleAfter + pipeline.Drain) * 0.6 * 1.5 + TimeSpan.FromSeconds(20);
    var backlogFirst = settings.Runs("backlog") && (!settings.Runs("freshness") || FreshnessPhase.UntilWholeWindow(settings) > backlogEstimate);
    if (backlogFirst) await RunBacklogAsync();
    if (settings.Runs("freshness")) await RunFreshnessAsync();
    if (settings.Runs("backlog") && !backlogFirst) await RunBacklogAsync();

    var results = new BenchResults(machine, await Broker.VersionAsync(), await Database.VersionAsync(), sample, raw, floor, pipeline, backlog, freshness);
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
