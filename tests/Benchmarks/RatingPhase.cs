using System.Net.Http.Json;
using GpuBilling.Testing;
using MassTransit;
using Metering.Contracts;
using Metering.Ledger;
using Npgsql;
using Pricing;
using Pricing.Accrual;
using Pricing.Estimates;

namespace Metering.Benchmarks;

/// <summary>
/// Rating against the ledger: the real pricing service (Release, `dotnet Pricing.dll`) accrues a
/// backlog of sealed usage of one tenant with <see cref="BenchSettings.RatingNodes"/> nodes × 8
/// GPUs, one <see cref="UsageRecorded"/> per node-hour ledger event of 8 GPUs × 300 s as metering's
/// sealer writes them per 5-minute window. The rate card and the tenant's terms go in through the
/// service's own API and consumer, and, where asked, the <see cref="UsageObserved"/> of the same
/// seconds; then it stops, the backlog is queued, and it starts again and drains it. What it
/// accrues must be exactly what was sent, or the run fails.
/// </summary>
public static class RatingPhase
{
    private const string Name = "bench_rating";
    private const string VirtualHost = "bench-rating";
    private const string Card = "bench-card";

    public const int SecondsPerEvent = 300;
    public const long GpuSecondsPerEvent = Fleet.GpusPerNode * SecondsPerEvent;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(90);

    public static async Task<RatingResult> RunAsync(BenchSettings settings, Func<IEnumerable<WatchedProcess?>> servers)
    {
        var (messages, nodes) = (settings.RatingMessages, settings.RatingNodes);
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "rating")).FullName;

        // The card takes effect a little ahead (a version never reaches back) and the usage starts
        // at the next whole hour after it, so every second is priced by it.
        var effectiveFrom = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        var firstHour = DateTimeOffset.FromUnixTimeSeconds((effectiveFrom.ToUnixTimeSeconds() / 3600 + 1) * 3600);
        var ledger = Enumerable.Range(0, messages).Select(i => LedgerEventOf(i, nodes, firstHour)).ToList();

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(Servers.RabbitHost, (ushort)Servers.RabbitPort, VirtualHost, host =>
        {
            host.Username(Broker.User);
            host.Password(Broker.Password);
        }));
        await bus.StartAsync();
        TimeSpan? observedIn = null;
        try
        {
            // First start: pricing creates its schema and binds its queues, and is told the card and the terms.
            await using (var first = await StartPricingAsync(connectionString, Path.Combine(directory, "pricing-setup.log"), UsageObservedConsumerDefinition.QueueName))
            {
                await PublishCardAsync(first.Address, effectiveFrom);
                await bus.Publish(new BillingTermsSet
                {
                    TenantId = Fleet.Tenant,
                    AccountVersion = 1,
                    TimeZoneId = "UTC",
                    AnchorDay = 1,
                    CurrencyCode = "USD",
                    RateCardId = Card,
                    OccurredAt = DateTimeOffset.UtcNow,
                });
                await Wait.UntilAsync(async () => await Database.ScalarAsync<long>(connectionString,
                    $"select count(*) from {PricingStorage.Name}.mt_doc_tenantterms") == 1, TimeSpan.FromMinutes(1), "pricing to keep the tenant's terms");
                if (settings.RatingObserved) observedIn = await ObserveAsync(bus, settings, connectionString, ledger);
            }

            // Invoicing binds its queues too, so it finds the same ledger events, and the ratings pricing publishes, waiting for it.
            await using (await StartInvoicingAsync(connectionString, Path.Combine(directory, "invoicing-setup.log")))
            {
            }

            // Stopped: the durable queue keeps the backlog until pricing starts again.
            List<UsageRecorded> usage = [.. ledger.Select(e => RecordedUsage.Of(Guid.NewGuid(), new NodeHourKey(e.NodeId, e.Hour).ToString(), e))];
            await RawBrokerPhase.ConcurrentlyAsync(usage.Count, settings.InFlight, PublishNext(bus, usage));
            await Wait.UntilAsync(async () => await Broker.QueueAsync(VirtualHost, UsageRecordedConsumerDefinition.QueueName) is { } q && q.Messages == messages,
                TimeSpan.FromMinutes(2), $"the {messages:N0} ledger events to be queued", TimeSpan.FromSeconds(1));

            var startedAt = DateTimeOffset.UtcNow;
            await using var pricing = await StartPricingAsync(connectionString, Path.Combine(directory, "pricing.log"));
            var memory = MemoryWatch.Start("pricing", pricing.Id);
            var drain = await WatchUntilAccruedAsync(connectionString, messages, () => [.. servers(), new WatchedProcess("pricing", pricing.Id)]);
            var checkedSeconds = await CheckExactlyAccruedAsync(connectionString, messages);
            var pricingMemory = await memory.StopAsync();

            // Then invoicing alone, with pricing still running: the ledger events to tally and every rating pricing published.
            var invoicingStartedAt = DateTimeOffset.UtcNow;
            await using var invoicing = await StartInvoicingAsync(connectionString, Path.Combine(directory, "invoicing.log"));
            var invoicingMemory = MemoryWatch.Start("invoicing", invoicing.Id);
            await WaitUntilTalliedAsync(connectionString, messages);
            return new RatingResult(messages, nodes, observedIn, checkedSeconds, drain.FirstAccrued - startedAt, drain.Drain, drain.GpuSecondsDrained,
                drain.PerTenth, drain.Cpu, [pricingMemory, await invoicingMemory.StopAsync()], DateTimeOffset.UtcNow - invoicingStartedAt);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// Ledger event <paramref name="i"/> as metering's sealer appends it: node i mod
    /// <paramref name="nodes"/>, window i ÷ <paramref name="nodes"/> (12 windows an hour), every GPU
    /// of the node held by the tenant for the window's 300 seconds. What pricing is sent of it is
    /// made by metering's own code: the <see cref="UsageRecorded"/> its publisher sends and the
    /// <see cref="UsageObserved"/> its intake publishes for the same seconds.
    /// </summary>
    private static NodeUsageRecorded LedgerEventOf(int i, int nodes, DateTimeOffset firstHour)
    {
        var node = i % nodes;
        var window = i / nodes;
        var hour = firstHour.AddHours(window / 12);
        var from = window % 12 * SecondsPerEvent;
        var seconds = SecondSet.Of(Enumerable.Range(from, SecondsPerEvent));
        // The agent numbers a node's seconds; the seconds of the hour serve as those numbers here.
        return Fleet.LedgerEventOf(node, hour, seconds, seconds.ToString(), hour.AddSeconds(from + SecondsPerEvent));
    }

    /// <summary>
    /// Publishes each ledger event's observation, as metering's intake does before the sealer seals
    /// the same seconds, and returns how long pricing took to count them all: once its tallies hold
    /// exactly their observed seconds, the standing's tallies are a real-time run's when its ledger
    /// is sealed.
    /// </summary>
    private static async Task<TimeSpan> ObserveAsync(IBus bus, BenchSettings settings, string connectionString, List<NodeUsageRecorded> ledger)
    {
        var startedAt = DateTimeOffset.UtcNow;
        List<UsageObserved> observations = [.. ledger.Select(e => ObservedUsageOf.Batch([e], startedAt, Guid.CreateVersion7())!)];
        await RawBrokerPhase.ConcurrentlyAsync(observations.Count, settings.InFlight, PublishNext(bus, observations));
        await WaitUntilSumAsync(connectionString, $"select coalesce(sum(observed), 0)::bigint from {PricingStorage.Name}.{UnsealedUsage.TableName}",
            ledger.Count * GpuSecondsPerEvent, "observed GPU-seconds in pricing's tallies");
        return DateTimeOffset.UtcNow - startedAt;
    }

    private static Func<Task> PublishNext<T>(IBus bus, List<T> messages) where T : class
    {
        var next = -1;
        return () => bus.Publish(messages[Interlocked.Increment(ref next)]);
    }

    /// <summary>Starts pricing and returns once it consumes the ledger events and each of <paramref name="queues"/>.</summary>
    private static Task<ServiceProcess> StartPricingAsync(string connectionString, string logFile, params string[] queues) =>
        BillingServices.StartAsync("Pricing", VirtualHost, connectionString, logFile, null, [UsageRecordedConsumerDefinition.QueueName, .. queues]);

    private static Task<ServiceProcess> StartInvoicingAsync(string connectionString, string logFile) =>
        BillingServices.StartAsync("Invoicing", VirtualHost, connectionString, logFile, null,
            Invoicing.Ledger.UsageRecordedConsumerDefinition.QueueName, Invoicing.Ratings.PeriodRatedConsumerDefinition.QueueName);

    /// <summary>
    /// Invoicing has tallied exactly the GPU-seconds sent (the tally is keyed by ledger event, so
    /// never more) and taken every rating off its queue.
    /// </summary>
    private static async Task WaitUntilTalliedAsync(string connectionString, int messages)
    {
        await WaitUntilSumAsync(connectionString, "select coalesce(sum(gpu_seconds), 0)::bigint from invoicing.ledger_tally",
            messages * GpuSecondsPerEvent, "tallied GPU-seconds in invoicing");
        // The management API's counts lag by up to its 5-second statistics interval.
        await Wait.UntilAsync(
            async () => await Broker.QueueAsync(VirtualHost, Invoicing.Ratings.PeriodRatedConsumerDefinition.QueueName) is { Messages: 0 },
            TimeSpan.FromMinutes(2), "the invoicing-period-rated queue to drain", TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Polls <paramref name="sum"/> until it is exactly <paramref name="expected"/>: past it is
    /// counted twice, and still for <see cref="StallLimit"/> below it is lost.
    /// </summary>
    private static async Task WaitUntilSumAsync(string connectionString, string sum, long expected, string what)
    {
        var lastChange = (At: DateTimeOffset.UtcNow, Sum: 0L);
        while (true)
        {
            var now = await Database.ScalarAsync<long>(connectionString, sum);
            if (now == expected) return;
            if (now > expected) throw new BenchmarkFailed($"{now:N0} {what}; {expected:N0} were sent.");
            if (now != lastChange.Sum) lastChange = (DateTimeOffset.UtcNow, now);
            if (DateTimeOffset.UtcNow - lastChange.At > StallLimit)
                throw new BenchmarkFailed($"LOST: stuck at {now:N0} of {expected:N0} {what} for {StallLimit.TotalSeconds} s.");
            await Task.Delay(PollEvery);
        }
    }

    /// <summary>Through the service's API, as an operator publishes a card: H100 on demand at 2.49 per GPU-hour, energy at 0.12 per kWh.</summary>
    private static async Task PublishCardAsync(Uri pricing, DateTimeOffset effectiveFrom)
    {
        using var http = BillingServices.OperatorClient(pricing);
        var response = await http.PostAsJsonAsync($"/v1/rate-cards/{Card}/versions", new
        {
            currency = "USD",
            effectiveFrom,
            terms = new
            {
                rates = new[]
                {
                    new { key = new { gpuModel = Fleet.LedgerModel, migProfile = (string?)null, allocationClass = AllocationClasses.OnDemand }, model = "per-unit", pricePerGpuHour = 2.49m, tiers = Array.Empty<object>() },
                },
                energyPricePerKWh = 0.12m,
            },
        });
        if (!response.IsSuccessStatusCode)
            throw new BenchmarkFailed($"Publishing the rate card answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private sealed record Drained(DateTimeOffset FirstAccrued, TimeSpan Drain, long GpuSecondsDrained, IReadOnlyList<double?> PerTenth, CpuReport Cpu);

    /// <summary>
    /// Polls the accrual events until there is one per ledger event sent (each 5-minute window lies
    /// inside one billing period); times the drain from the first poll that saw any to the first that
    /// saw all, and measures the CPU over exactly that span. Each poll is kept for the rate of each
    /// tenth of the drain (<see cref="PerTenth"/>).
    /// </summary>
    private static async Task<Drained> WatchUntilAccruedAsync(string connectionString, int messages, Func<IEnumerable<WatchedProcess?>> watched)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {PricingStorage.Name}.mt_events where type = 'usage_accrued'", connection);

        var polls = new List<(DateTimeOffset At, long Events)>();
        CpuMeter? cpu = null;
        var lastChange = (At: DateTimeOffset.UtcNow, Events: 0L);
        var lastSample = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(PollEvery);
        while (await timer.WaitForNextTickAsync())
        {
            var events = (long)(await count.ExecuteScalarAsync())!;
            var now = DateTimeOffset.UtcNow;
            if (events > messages) throw new BenchmarkFailed($"pricing appended {events:N0} accrual events for {messages:N0} ledger events.");
            if (polls.Count == 0 && events > 0) cpu = CpuMeter.Start(watched());
            if (events > 0) polls.Add((now, events));
            if (events == messages)
                return new Drained(polls[0].At, now - polls[0].At, (messages - polls[0].Events) * GpuSecondsPerEvent, PerTenth(polls, messages), cpu!.Stop());
            if (events != lastChange.Events) lastChange = (now, events);
            if (now - lastChange.At > StallLimit)
                throw new BenchmarkFailed($"LOST: pricing stuck at {events:N0} of {messages:N0} accrual events for {StallLimit.TotalSeconds} s.");
            if (now - lastSample >= TimeSpan.FromSeconds(1))
            {
                lastSample = now;
                cpu?.Sample();
            }
        }
        throw new InvalidOperationException("The poll timer stopped.");
    }

    /// <summary>
    /// Ledger events accrued per second in each tenth of the ledger events, between the polls either
    /// side of it: the last that saw no more than the tenth's start (the drain's first poll for the
    /// first tenth) and the first that saw its end. A rate that falls as the period grows shows
    /// here. Null for a first tenth already accrued at the first poll.
    /// </summary>
    private static IReadOnlyList<double?> PerTenth(List<(DateTimeOffset At, long Events)> polls, int messages) =>
    [
        .. Enumerable.Range(0, 10).Select(tenth =>
        {
            var (from, to) = ((long)messages * tenth / 10, (long)messages * (tenth + 1) / 10);
            var start = polls.LastOrDefault(p => p.Events <= from, polls[0]);
            var end = polls.First(p => p.Events >= to);
            return end.Events > start.Events && end.At > start.At ? (end.Events - start.Events) / (end.At - start.At).TotalSeconds : (double?)null;
        }),
    ];

    /// <summary>
    /// The accrued metered seconds of every period, read through pricing's own configuration and
    /// type, must be exactly what was sent; nothing may be parked unbilled or left in a queue.
    /// </summary>
    private static async Task<long> CheckExactlyAccruedAsync(string connectionString, int messages)
    {
        // The management API's counts lag by up to its 5-second statistics interval.
        await Wait.UntilAsync(
            async () => await Broker.QueueAsync(VirtualHost, UsageRecordedConsumerDefinition.QueueName) is { Messages: 0 },
            TimeSpan.FromMinutes(2), "the pricing-usage-recorded queue to drain", TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(6));

        var (accrued, parked) = await BillingServices.AccruedAsync(connectionString, Fleet.Tenant);
        var expected = messages * GpuSecondsPerEvent;
        if (accrued != expected)
            throw new BenchmarkFailed($"The periods hold {accrued:N0} accrued GPU-seconds; {expected:N0} were sent.");
        if (parked > 0) throw new BenchmarkFailed($"{parked} ledger events were parked unbilled.");
        foreach (var queue in new[] { UsageRecordedConsumerDefinition.QueueName, $"{UsageRecordedConsumerDefinition.QueueName}_error" })
        {
            if (await Broker.QueueAsync(VirtualHost, queue) is { Messages: > 0 } left)
                throw new BenchmarkFailed($"{left.Messages} messages are left in {queue}.");
        }
        return accrued;
    }
}

/// <param name="Nodes">The tenant's nodes of 8 GPUs.</param>
/// <param name="ObservedIn">Where pricing counted the same seconds' observations before the drain: how long it took.</param>
/// <param name="GpuSecondsAccrued">What the periods hold at the end, checked equal to what was sent.</param>
/// <param name="FirstAccruedAfter">From starting the process to the first accrual seen (start-up, not rating).</param>
/// <param name="PerTenth">Ledger events a second in each tenth of the ledger events; null where no poll fell inside the first.</param>
public sealed record RatingResult(
    int Messages,
    int Nodes,
    TimeSpan? ObservedIn,
    long GpuSecondsAccrued,
    TimeSpan FirstAccruedAfter,
    TimeSpan Drain,
    long GpuSecondsDrained,
    IReadOnlyList<double?> PerTenth,
    CpuReport Cpu,
    IReadOnlyList<ProcessMemory> Memory,
    TimeSpan InvoicingDrain)
{
    public double GpuSecondsPerSecond => GpuSecondsDrained / Drain.TotalSeconds;

    public double LedgerEventsPerSecond => GpuSecondsPerSecond / RatingPhase.GpuSecondsPerEvent;

    /// <summary>The section of the report, with the ledger's rate measured in the same run where there is one.</summary>
    public IEnumerable<string> Describe(double? ledgerGpuSecondsPerSecond, string ledgerSource)
    {
        yield return $"== Rating (pricing alone, Release, draining {Messages:N0} queued ledger events of one tenant with {Nodes * Fleet.GpusPerNode:N0} GPUs) ==";
        yield return $"  {Messages:N0} UsageRecorded, each one node-hour ledger event of {Fleet.GpusPerNode} GPUs × {RatingPhase.SecondsPerEvent} s = {RatingPhase.GpuSecondsPerEvent:N0} GPU-seconds; "
            + $"{GpuSecondsAccrued:N0} GPU-seconds accrued, checked equal to what was sent";
        yield return ObservedIn is { } observed
            ? $"  before the drain pricing counted the {Messages:N0} UsageObserved of the same seconds (one per node and window) in {observed.TotalSeconds:F1} s, its tallies checked to hold exactly their GPU-seconds"
            : "  no UsageObserved before the drain: the standing's tallies hold sealed seconds alone (BENCH_RATING_OBSERVED=true to count them first)";
        if (GpuSecondsDrained == 0)
        {
            yield return $"  every ledger event was accrued by the first poll, {FirstAccruedAfter.TotalSeconds:F1} s after the process started: too few to time a drain (BENCH_RATING_MESSAGES)";
        }
        else
        {
            yield return $"  drained in {Drain.TotalSeconds:F1} s (first to last accrual seen; the first {FirstAccruedAfter.TotalSeconds:F1} s after the process started): "
                + $"{LedgerEventsPerSecond:N0} ledger events/s = {GpuSecondsPerSecond:N0} GPU-seconds accrued per second";
            yield return "  ledger events/s by tenth of the ledger events: " + string.Join(", ", PerTenth.Select(rate => rate is { } r ? $"{r:N1}" : "-"));
        }
        yield return ledgerGpuSecondsPerSecond is { } ledger
            ? $"  the ledger ({ledgerSource}) produced {ledger:N0} GPU-seconds/s in this run: rating keeps up {GpuSecondsPerSecond / ledger:F1} × over"
            : $"  the ledger's production rate was not measured in this run ({ledgerSource})";
        yield return $"  CPU over the drain (cores busy): pricing {Cpu.CoresBusy(Cpu.CpuSecondsOf("pricing")):F2}, postgres {Cpu.CoresBusy(Cpu.CpuSecondsOf("postgres")):F2}, "
            + $"rabbitmq {Cpu.CoresBusy(Cpu.CpuSecondsOf("rabbitmq")):F2}, other {Cpu.CoresBusy(Cpu.OtherSeconds):F2}; "
            + string.Join(", ", Memory.Select(m => $"{m.Name} peak {m.PeakBytes / 1024d / 1024:N0} MiB resident"));
        yield return $"  then invoicing alone tallied the same ledger events and kept pricing's ratings in {InvoicingDrain.TotalSeconds:F1} s from its start";
    }
}
