using System.Diagnostics;
using Audit;
using Audit.Recompute;
using GpuBilling.HashChains;
using GpuBilling.Periods;
using GpuBilling.ServiceDefaults;
using Invoicing;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Closing;
using Invoicing.Invoices;
using Invoicing.Invoices.Drafting;
using Invoicing.Ledger;
using Invoicing.Ratings;
using JasperFx;
using Marten;
using Metering.Contracts;
using Metering.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pricing;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Metering.Benchmarks;

/// <summary>
/// An auditor's recomputation of a month's invoice of a tenant with 1,000 GPUs (125 nodes × 8, all
/// of January 2026 in UTC), against the floor of just reading the same events from PostgreSQL.
/// The month is written by the services' own code in this process, because pushing 2.7 billion
/// GPU-seconds through the running services would take this machine hours: metering's ledger as
/// Marten appends of one event per node-hour in metering's own configuration, the accruals by
/// pricing's own write path (<see cref="AccrualWriter"/>), and the invoice by invoicing's own
/// close (<see cref="InvoiceClosing"/>) after the rating and ledger tally its consumers would keep.
/// </summary>
public static class RecomputePhase
{
    private const string Name = "bench_recompute";
    private const string Card = "bench-card";
    private const int LedgerBatch = 2_000;
    private const int AccrualBatch = 1_000;

    public const int Nodes = 125;
    public static readonly DateTimeOffset MonthStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset MonthEnd = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Actor Bench = Actor.Service("bench");

    public static async Task<RecomputeResult> RunAsync(int runs)
    {
        var connectionString = await Database.CreateAsync(Name);
        var seeding = Stopwatch.StartNew();
        var invoiceId = await SeedMonthAsync(connectionString);
        var seedTime = seeding.Elapsed;

        await using var stores = new AuditedStores(connectionString);
        var reader = new EvidenceReader(stores);
        await using var floor = NpgsqlDataSource.Create(connectionString);

        // Not timed: JIT, connections, and PostgreSQL's buffers warmed for both alike.
        var (report, _, _) = await RecomputeAsync(reader, invoiceId);
        if (!report.Matches) throw new BenchmarkFailed($"The recomputation of {invoiceId} differs: {string.Join("; ", report.Findings.Take(5))}");
        var read = await BareReadAsync(floor, invoiceId);
        var events = report.Chains.Sum(c => c.Events);
        if (read.Rows < events)
            throw new BenchmarkFailed($"The bare read found {read.Rows:N0} events; the recomputation rests on {events:N0}.");

        var memory = await PeakMemoryAsync(reader, invoiceId);

        // Alternated, so both see the same background load on a shared machine.
        var timings = new List<(TimeSpan Full, TimeSpan Read, TimeSpan Compute, TimeSpan Floor)>();
        for (var run = 0; run < runs; run++)
        {
            var (again, readTime, computeTime) = await RecomputeAsync(reader, invoiceId);
            if (!again.Matches) throw new BenchmarkFailed($"Run {run + 1} of the recomputation of {invoiceId} differs: {string.Join("; ", again.Findings.Take(5))}");
            var started = Stopwatch.GetTimestamp();
            await BareReadAsync(floor, invoiceId);
            timings.Add((readTime + computeTime, readTime, computeTime, Stopwatch.GetElapsedTime(started)));
        }
        var ledger = report.Ledger.Reconciliation!;
        return new RecomputeResult(
            invoiceId, report.InvoiceNumber!, report.Chains.Select(c => (c.Kind, c.Events)).ToList(), ledger.LedgerGpuSeconds, report.Rating.FromLedger!.Total.Amount,
            read.Rows, read.Bytes, seedTime, timings, memory.Baseline, memory.Peak);
    }

    /// <summary>
    /// This process's resident memory before one recomputation and at its peak during it: after a
    /// full compacting collection (the seeding's garbage gone) the kernel's peak is reset
    /// (<c>/proc/self/clear_refs</c>), so the peak is the recomputation's alone, the runtime included.
    /// </summary>
    private static async Task<(long Baseline, long Peak)> PeakMemoryAsync(EvidenceReader reader, string invoiceId)
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        var baseline = Resident("VmHWM:");
        var (report, _, _) = await RecomputeAsync(reader, invoiceId);
        if (!report.Matches) throw new BenchmarkFailed($"The recomputation of {invoiceId} differs: {string.Join("; ", report.Findings.Take(5))}");
        return (baseline, Resident("VmHWM:"));
    }

    private static long Resident(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture) * 1024;

    /// <summary>
    /// The recomputation the endpoint and the command run: reading the evidence, then recomputing,
    /// timed apart so the report can say which of the two the time goes to.
    /// </summary>
    private static async Task<(FullRecomputeReport Report, TimeSpan Read, TimeSpan Compute)> RecomputeAsync(EvidenceReader reader, string invoiceId)
    {
        var started = Stopwatch.GetTimestamp();
        var evidence = await reader.ReadAsync(invoiceId, CancellationToken.None) ?? throw new BenchmarkFailed($"There is no invoice {invoiceId}.");
        var readTime = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var report = FullRecompute.Of(evidence);
        return (report, readTime, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The floor: the same events' JSON, every row read to its last byte through Npgsql, with the same
    /// predicates the recomputation reads them by, and nothing done with them.
    /// </summary>
    private static async Task<(long Rows, long Bytes)> BareReadAsync(NpgsqlDataSource floor, string invoiceId)
    {
        var accrualStream = new AccrualStreamKey(Fleet.Tenant, MonthStart).ToString();
        (string Sql, object[] Parameters)[] reads =
        [
            ($"select data from {InvoicingStorage.Schema}.mt_events where stream_id = any($1)", [new[] { invoiceId, Fleet.Tenant }]),
            ($"select data from {PricingStorage.Name}.mt_events where stream_id = any($1)", [new[] { accrualStream, Card }]),
            ($"select data from {MeteringStorage.Name}.mt_events where type = 'node_usage_recorded' and (data ->> 'Hour')::timestamptz >= $1 and (data ->> 'Hour')::timestamptz < $2",
                [MonthStart, MonthEnd]),
        ];
        long rows = 0, bytes = 0;
        foreach (var (sql, parameters) in reads)
        {
            await using var command = floor.CreateCommand(sql);
            foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                bytes += reader.GetString(0).Length;
            }
        }
        return (rows, bytes);
    }

    /// <summary>The month written by the services' own code; returns the finalized invoice's id.</summary>
    private static async Task<string> SeedMonthAsync(string connectionString)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        using var metering = WritableStore(database, MeteringStorage.Configure);
        using var pricing = WritableStore(database, PricingStorage.Configure);
        using var invoicing = WritableStore(database, InvoicingStorage.Configure);
        foreach (var store in new[] { metering, pricing, invoicing }) await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var after = new FixedClock(MonthEnd.AddDays(1));

        // Metering: one ledger event per node-hour, every GPU held by the tenant for every second.
        var nodeHours = Hours().SelectMany(hour => Enumerable.Range(0, Nodes).Select(node => (Node: node, Hour: hour))).ToList();
        foreach (var chunk in nodeHours.Chunk(LedgerBatch))
        {
            await using var session = metering.LightweightSession();
            foreach (var (node, hour) in chunk)
                session.Events.StartStream(new NodeHourKey(Fleet.NodeId(node), hour).ToString(), HashChain.Seal(HashChain.Genesis, LedgerEventOf(node, hour)));
            await session.SaveChangesAsync();
        }

        // Invoicing opens the account; pricing is told its terms, as the terms publisher and consumer do.
        var account = new BillingAccount(Fleet.Tenant, "USD", "UTC", 1, TimeSpan.Zero, 30, 0.19m, "bench-issuer", Card,
            new LegalParty("GPU Cloud Inc.", new PostalAddress(["1 Compute Way"], "Ashburn", "20147", "VA", "US"), "US-12-3456789"),
            new LegalParty("Bench Tenant LLC", new PostalAddress(["5 Model Street"], "New York", "10001", "NY", "US"), null));
        await using (var session = invoicing.LightweightSession())
        {
            var stream = await BillingAccountStream.FetchForWritingAsync(session, new AccountKey(Fleet.Tenant), CancellationToken.None);
            var opened = BillingAccountDecision.Decide(new OpenBillingAccount(account, MonthStart, Bench), stream.Aggregate);
            stream.AppendMany(opened);
            await session.SaveChangesAsync();
            await using var terms = pricing.LightweightSession();
            terms.Store(SetTenantTermsDecision.Decide(BillingTerms.Of(1, opened[0]), null)!);
            terms.Events.StartStream(Card, PublishRateCardVersionDecision.Decide(new PublishRateCardVersion(Card, "USD", MonthStart, new RateCardTerms
            {
                Rates = [Rate.PerUnit(PriceKey.OnDemand(Fleet.LedgerModel), 2.49m)],
                EnergyPricePerKWh = 0.12m,
            }, MonthStart, "bench"), null));
            await terms.SaveChangesAsync();
        }

        // Pricing accrues the ledger as its consumer would, batch by batch; invoicing tallies it.
        await using var auditStores = new AuditedStores(connectionString);
        var ledger = (await new EvidenceReader(auditStores).LedgerOfHoursAsync(MonthStart, MonthEnd, CancellationToken.None))
            .Select(e => RecordedUsage.Of(e.Id, e.StreamKey, e.Recorded)).ToList();
        var (accrual, accruals) = (new AccrualWriter(new AccrualMetrics(meters), after, NullLogger<AccrualWriter>.Instance), new WriteTransactions(database, pricing));
        foreach (var batch in ledger.Chunk(AccrualBatch))
        {
            await using var write = await accruals.BeginAsync(CancellationToken.None);
            await accrual.AccrueAsync(write, batch, CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        }
        foreach (var batch in ledger.Chunk(AccrualBatch)) await LedgerTally.AddAsync(database, LedgerTally.RowsOf(batch), CancellationToken.None);

        // The period's rating as pricing's publisher sends it and invoicing's consumer keeps it, then invoicing closes the books.
        var period = BillingPeriod.Containing(MonthStart, TimeZoneInfo.Utc, 1);
        var invoiceId = InvoiceKey.Of(Fleet.Tenant, period);
        await using (var session = invoicing.LightweightSession())
        {
            await using var rating = await accruals.BeginAsync(System.Data.IsolationLevel.RepeatableRead, CancellationToken.None);
            var usage = await rating.Session.LoadAsync<PeriodUsage>(new AccrualStreamKey(Fleet.Tenant, period.Start).ToString())
                ?? throw new BenchmarkFailed("Pricing accrued nothing.");
            var card = RateCardStreams.CardOf(await rating.Session.Events.FetchStreamAsync(Card))!;
            var rounded = await PeriodAllocations.RoundedOfAsync(rating.Transaction, usage, card, CancellationToken.None);
            session.Store(new PeriodCharges(PeriodCharges.KeyFor(Fleet.Tenant, period.Start), Pricing.Rating.RatedPeriods.Of(usage, rounded, card, after.GetUtcNow())));
            var draft = await InvoiceStream.FetchForWritingAsync(session, invoiceId, CancellationToken.None);
            draft.Decide(state => DraftDecision.Decide(new OpenInvoiceDraft(account, period, MonthStart, Bench), state));
            draft.Save(session);
            await session.SaveChangesAsync();
        }
        var closed = await new InvoiceClosing(new WriteTransactions(database, invoicing), new InvoicingMetrics(meters, invoicing, database)).CloseAsync(invoiceId, Bench, after.GetUtcNow(), CancellationToken.None);
        if (closed.Status != InvoiceStatus.Finalized)
            throw new BenchmarkFailed($"Invoice {invoiceId} was not finalized but {closed.Status}: {closed.Hold?.Mismatch}");
        return invoiceId.ToString();
    }

    private static IEnumerable<DateTimeOffset> Hours()
    {
        for (var hour = MonthStart; hour < MonthEnd; hour = hour.AddHours(1)) yield return hour;
    }

    private static NodeUsageRecorded LedgerEventOf(int node, DateTimeOffset hour)
    {
        var everySecond = SecondSet.Of(Enumerable.Range(0, SecondSet.SecondsPerHour));
        var sequences = Runs.Format([(long)(hour - MonthStart).TotalSeconds, (long)(hour - MonthStart).TotalSeconds + SecondSet.SecondsPerHour - 1]);
        return Fleet.LedgerEventOf(node, hour, everySecond, sequences, hour.AddHours(1));
    }

    private static DocumentStore WritableStore(NpgsqlDataSource database, Action<StoreOptions> configure) =>
        DocumentStore.For(options =>
        {
            configure(options);
            options.Connection(database);
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });

    /// <summary>Every service's clock the day after the month: its usage is all in, its invoice closes.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <param name="Chains">Each stream read and its events, as the report lists them.</param>
/// <param name="Timings">Per run: the whole recomputation (reading the evidence plus recomputing) and the bare read.</param>
public sealed record RecomputeResult(
    string InvoiceId,
    string InvoiceNumber,
    IReadOnlyList<(string Kind, int Events)> Chains,
    long LedgerGpuSeconds,
    decimal Total,
    long FloorRows,
    long FloorChars,
    TimeSpan SeedTime,
    IReadOnlyList<(TimeSpan Full, TimeSpan Read, TimeSpan Compute, TimeSpan Floor)> Timings,
    long MemoryBefore,
    long PeakMemory)
{
    public const double RatioTarget = 2;
    public const long PeakMemoryTarget = 512L * 1024 * 1024;

    public TimeSpan Median(Func<(TimeSpan Full, TimeSpan Read, TimeSpan Compute, TimeSpan Floor), TimeSpan> pick)
    {
        var sorted = Timings.Select(pick).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Mib(long bytes) => bytes / 1024d / 1024;

    public double Ratio => Median(t => t.Full) / Median(t => t.Floor);

    public IEnumerable<string> Describe()
    {
        yield return $"== Recompute (one invoice: a month of one tenant with {RecomputePhase.Nodes * Fleet.GpusPerNode:N0} GPUs, {RecomputePhase.MonthStart:yyyy-MM} in UTC) ==";
        yield return $"  {InvoiceId} ({InvoiceNumber}, total {Total:N2} USD): {LedgerGpuSeconds:N0} GPU-seconds; "
            + string.Join(", ", Chains.Select(c => $"{c.Kind} {c.Events:N0} events"));
        yield return $"  seeded by the services' own code in {SeedTime.TotalSeconds:F0} s; every recomputation matched, every line and total to the minor unit";
        yield return $"  median of {Timings.Count} runs after one not timed: recompute {Median(t => t.Full).TotalSeconds:F2} s "
            + $"(reading {Median(t => t.Read).TotalSeconds:F2} s, recomputing {Median(t => t.Compute).TotalSeconds:F2} s); "
            + $"bare read of the same events {Median(t => t.Floor).TotalSeconds:F2} s ({FloorRows:N0} rows, {FloorChars / 1024d / 1024:N0} MiB of JSON)";
        yield return $"  recompute ÷ bare read: {Ratio:F2}";
        yield return "  runs (s): " + string.Join("; ", Timings.Select(t => $"{t.Full.TotalSeconds:F2} / {t.Floor.TotalSeconds:F2}"));
        yield return $"  this process's resident memory over one recomputation: {Mib(MemoryBefore):F0} MiB before it, peak {Mib(PeakMemory):F0} MiB";
    }

    /// <summary>Issue 17's target 5, in the form a script reads.</summary>
    public IEnumerable<string> Targets()
    {
        yield return $"target recompute: {Ratio:F2} x bare read (target {RatioTarget}) {(Ratio <= RatioTarget ? "met" : "not met")}";
        yield return $"target recompute-memory: {Mib(PeakMemory):F0} MiB peak (target under {Mib(PeakMemoryTarget):F0}) {(PeakMemory < PeakMemoryTarget ? "met" : "not met")}";
    }
}
