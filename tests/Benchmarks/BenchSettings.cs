using System.Globalization;

namespace Metering.Benchmarks;

/// <summary>
/// Every knob of a run, read from <c>BENCH_*</c> environment variables so that `make bench` needs
/// no arguments and a developer can rerun one phase, smaller or with a shorter sealing window,
/// while iterating. The defaults are the figures recorded in docs/BENCHMARKS.md.
/// </summary>
public sealed record BenchSettings
{
    /// <summary>
    /// The issue's figures, and "backlog": metering alone, draining a queue the agent filled
    /// beforehand, which tells the service's own limit from the simulated fleet's; "scaleout"
    /// drains the same backlog with one instance and then two.
    /// </summary>
    public static readonly string[] AllPhases = ["raw", "floor", "pipeline", "backlog", "scaleout", "freshness", "api", "rating", "recompute", "webhooks", "fleet", "standing", "realtime"];

    /// <summary>What `make bench` runs without BENCH_PHASES: all but "realtime", which alone takes 15 to 20 minutes.</summary>
    public static readonly string[] DefaultPhases = [.. AllPhases.Except(["realtime"])];

    /// <summary>Where spools, allocation files and service logs go (bench.sh's run folder under .data/).</summary>
    public required string WorkDirectory { get; init; }

    public required IReadOnlySet<string> Phases { get; init; }

    /// <summary>Messages timed in phases 1 and 2, after a warm-up that is not timed.</summary>
    public int RawMessages { get; init; } = 100_000;
    public int FloorMessages { get; init; } = 60_000;
    public int WarmupMessages { get; init; } = 5_000;

    /// <summary>Sends awaiting the broker's confirm at once; the agent's own Publishing:MaxInFlight default.</summary>
    public int InFlight { get; init; } = 1_000;

    /// <summary>
    /// Simulated nodes in the throughput run. The agent sends one message per node per round and
    /// awaits the round's confirms, so this many is what it can have in flight.
    /// </summary>
    public int PipelineNodes { get; init; } = 1_000;

    /// <summary>Seconds per node in the throughput run; by default sized from the framework floor.</summary>
    public int? PipelineSeconds { get; init; }

    /// <summary>The throughput run is sized to take at least this long even at the framework floor's rate.</summary>
    public TimeSpan PipelineMinimumDrain { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Seconds per node queued for metering alone; by default sized so one instance drains for at
    /// least the minimum at the rate it reached before (0.45 of the framework floor).
    /// </summary>
    public int? BacklogSeconds { get; init; }

    /// <summary>Timed requests per query in the API phase (and as many of its floor).</summary>
    public int ApiRequests { get; init; } = 200;

    /// <summary>
    /// Ledger events (one node-hour window of 8 GPUs × 300 s each) queued for pricing to drain in the
    /// rating phase: about a minute's drain at the thousand a second it reached on 2 cores.
    /// </summary>
    public int RatingMessages { get; init; } = 60_000;

    /// <summary>
    /// The rating phase's tenant holds this many nodes × 8 GPUs, and its ledger events go node by
    /// node through each window: 12,500 is issue 17's 100,000 GPUs, one window per 12,500 events.
    /// </summary>
    public int RatingNodes { get; init; } = 125;

    /// <summary>
    /// Whether pricing counts, before the drain, the <c>UsageObserved</c> metering publishes for the
    /// same seconds: the live standing's tallies then hold what a real-time run has when the ledger
    /// is sealed, and every accrual reads and balances them.
    /// </summary>
    public bool RatingObserved { get; init; }

    /// <summary>Partner events published in the webhooks phase, each delivered to every one of its 10 subscriptions: about a minute at the 300 deliveries a second it reached on 2 cores.</summary>
    public int WebhookEvents { get; init; } = 2_000;

    /// <summary>Timed recomputations of the month's invoice (each alternated with a bare read), after one not timed.</summary>
    public int RecomputeRuns { get; init; } = 3;

    /// <summary>
    /// Timed requests per fleet report (and as many of its floor), after the checked first one: with 16
    /// reports of seconds each on 2 cores, a few keep the phase to minutes, so its p99 is their slowest.
    /// </summary>
    public int FleetRequests { get; init; } = 5;

    /// <summary>Seconds the standing phase's 1,000 GPUs run in real time.</summary>
    public int StandingSeconds { get; init; } = 60;

    /// <summary>Timed reads of a standing in the standing phase (and as many bare reads).</summary>
    public int StandingRequests { get; init; } = 500;

    /// <summary>Simulated nodes of 8 GPUs in the "realtime" phase: 100,000 GPUs, issue 17's target 2.</summary>
    public int RealtimeNodes { get; init; } = 12_500;

    /// <summary>The "realtime" phase samples at least this long, then on to the next sealing-window boundary.</summary>
    public TimeSpan RealtimeDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Nodes in the real-time run; by default half the pipeline's measured messages a second.</summary>
    public int? FreshnessNodes { get; init; }

    /// <summary>The real-time run lasts at least this long and at least one whole sealing window.</summary>
    public TimeSpan FreshnessMinimum { get; init; } = TimeSpan.Zero;

    /// <summary>Metering's Sealing:Window (its default, 5 minutes, unless iterating).</summary>
    public TimeSpan SealingWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Metering's Sealing:Grace; the service's own default when not set.</summary>
    public TimeSpan? SealingGrace { get; init; }

    /// <summary>The servers' process ids, so their CPU can be told apart from the services'.</summary>
    public int? RabbitMqPid { get; init; }
    public int? PostgresPid { get; init; }

    /// <summary>
    /// The report every phase carries, the agent's `Publishing:Report`: "compact" (a node's window per
    /// message, the agent's default) or "legacy" (a node-second per message, as agents kept on it send in real time).
    /// </summary>
    public string Report { get; init; } = "compact";

    /// <summary>The agent's default `Publishing:WindowSeconds`: a compact report's seconds.</summary>
    public const int CompactWindowSeconds = 10;

    /// <summary>Node-seconds per message, in every phase: what the agent sends in real time.</summary>
    public int SecondsPerMessage => Report == "compact" ? CompactWindowSeconds : 1;

    public bool Runs(string phase) => Phases.Contains(phase);

    public static BenchSettings FromEnvironment()
    {
        var phases = (Text("BENCH_PHASES") ?? string.Join(',', DefaultPhases))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (phases.FirstOrDefault(p => !AllPhases.Contains(p, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            throw new ArgumentException($"BENCH_PHASES: '{unknown}' is not one of {string.Join(", ", AllPhases)}.");

        var defaults = new BenchSettings { WorkDirectory = "", Phases = phases };
        return defaults with
        {
            WorkDirectory = Text("BENCH_WORK_DIR") ?? Directory.CreateTempSubdirectory("metering-bench-").FullName,
            RawMessages = Integer("BENCH_RAW_MESSAGES") ?? defaults.RawMessages,
            FloorMessages = Integer("BENCH_FLOOR_MESSAGES") ?? defaults.FloorMessages,
            WarmupMessages = Integer("BENCH_WARMUP_MESSAGES") ?? defaults.WarmupMessages,
            InFlight = Integer("BENCH_IN_FLIGHT") ?? defaults.InFlight,
            PipelineNodes = Integer("BENCH_PIPELINE_NODES") ?? defaults.PipelineNodes,
            PipelineSeconds = Integer("BENCH_PIPELINE_SECONDS"),
            PipelineMinimumDrain = Duration("BENCH_PIPELINE_MIN_DRAIN") ?? defaults.PipelineMinimumDrain,
            BacklogSeconds = Integer("BENCH_BACKLOG_SECONDS"),
            ApiRequests = Integer("BENCH_API_REQUESTS") ?? defaults.ApiRequests,
            RatingMessages = Integer("BENCH_RATING_MESSAGES") ?? defaults.RatingMessages,
            RatingNodes = Integer("BENCH_RATING_NODES") ?? defaults.RatingNodes,
            RatingObserved = Boolean("BENCH_RATING_OBSERVED") ?? defaults.RatingObserved,
            RecomputeRuns = Integer("BENCH_RECOMPUTE_RUNS") ?? defaults.RecomputeRuns,
            WebhookEvents = Integer("BENCH_WEBHOOK_EVENTS") ?? defaults.WebhookEvents,
            FleetRequests = Integer("BENCH_FLEET_REQUESTS") ?? defaults.FleetRequests,
            StandingSeconds = Integer("BENCH_STANDING_SECONDS") ?? defaults.StandingSeconds,
            StandingRequests = Integer("BENCH_STANDING_REQUESTS") ?? defaults.StandingRequests,
            FreshnessNodes = Integer("BENCH_FRESHNESS_NODES"),
            RealtimeNodes = Integer("BENCH_REALTIME_NODES") ?? defaults.RealtimeNodes,
            RealtimeDuration = Integer("BENCH_REALTIME_MINUTES") is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.RealtimeDuration,
            FreshnessMinimum = Duration("BENCH_FRESHNESS_DURATION") ?? defaults.FreshnessMinimum,
            SealingWindow = Duration("BENCH_SEALING_WINDOW") ?? defaults.SealingWindow,
            SealingGrace = Duration("BENCH_SEALING_GRACE"),
            RabbitMqPid = Integer("BENCH_RABBITMQ_PID"),
            PostgresPid = Integer("BENCH_POSTGRES_PID"),
            Report = Text("BENCH_REPORT")?.ToLowerInvariant() switch
            {
                null or "compact" => "compact",
                "legacy" => "legacy",
                var other => throw new ArgumentException($"BENCH_REPORT must be legacy or compact, not '{other}'."),
            },
        };
    }

    private static string? Text(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? Integer(string name) =>
        Text(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new ArgumentException($"{name} must be a positive whole number, not '{text}'.");

    private static bool? Boolean(string name) =>
        Text(name) is not { } text ? null
        : bool.TryParse(text, out var value) ? value
        : throw new ArgumentException($"{name} must be true or false, not '{text}'.");

    /// <summary>A .NET time span ("00:01:00") or a number of seconds ("60"), like the services' own settings.</summary>
    private static TimeSpan? Duration(string name) =>
        Text(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span
        : throw new ArgumentException($"{name} must be a duration such as 00:05:00 or a number of seconds, not '{text}'.");
}
