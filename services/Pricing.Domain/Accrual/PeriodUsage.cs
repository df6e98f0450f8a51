using System.Text.Json;
using System.Text.Json.Serialization;
using GpuBilling.HashChains;
using Pricing.RateCards;
using Pricing.Rating;

namespace Pricing.Accrual;

/// <summary>One allocation under one rate card version: what the increment and minimum apply to.</summary>
[JsonConverter(typeof(AllocationKeyJsonConverter))]
public sealed record AllocationKey(int RateCardVersion, PriceKey Key, string WorkloadId, string GpuUuid);

/// <summary>
/// Writes a key as a JSON array, <c>[1,"H100",null,"on-demand","job-1","GPU-a"]</c>, also when it
/// is a dictionary key, so <see cref="PeriodUsage"/> can be stored as a snapshot document and no
/// separator character can make two keys read alike.
/// </summary>
public sealed class AllocationKeyJsonConverter : JsonConverter<AllocationKey>
{
    public override AllocationKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var parts = JsonSerializer.Deserialize<JsonElement[]>(ref reader)
            ?? throw new JsonException("An allocation key is a JSON array.");
        return FromParts(parts);
    }

    public override void Write(Utf8JsonWriter writer, AllocationKey value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, PartsOf(value));

    public override AllocationKey ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromParts(JsonSerializer.Deserialize<JsonElement[]>(reader.GetString()!) ?? throw new JsonException("An allocation key is a JSON array."));

    public override void WriteAsPropertyName(Utf8JsonWriter writer, AllocationKey value, JsonSerializerOptions options) =>
        writer.WritePropertyName(JsonSerializer.Serialize(PartsOf(value)));

    private static object?[] PartsOf(AllocationKey key) =>
        [key.RateCardVersion, key.Key.GpuModel, key.Key.MigProfile, key.Key.AllocationClass, key.WorkloadId, key.GpuUuid];

    private static AllocationKey FromParts(JsonElement[] parts)
    {
        if (parts.Length != 6) throw new JsonException("An allocation key has six parts.");
        string Text(int i) => parts[i].GetString() ?? throw new JsonException($"Part {i} of an allocation key is missing.");
        return new AllocationKey(
            parts[0].GetInt32(),
            new PriceKey(Text(1), parts[2].ValueKind == JsonValueKind.Null ? null : parts[2].GetString(), Text(3)),
            Text(4),
            Text(5));
    }
}

/// <summary>An allocation's metered (not yet billable) seconds in a period: what its increment and minimum apply to.</summary>
public sealed record AllocationSeconds(AllocationKey Key, long Seconds)
{
    /// <summary>The seconds <paramref name="accrued"/> adds to each allocation it names.</summary>
    public static IEnumerable<AllocationSeconds> Of(UsageAccrued accrued) =>
        accrued.Quantities.Select(q => new AllocationSeconds(new AllocationKey(q.RateCardVersion, q.Key, q.WorkloadId, q.GpuUuid), q.Seconds));

    /// <summary>Each allocation's seconds in a period, from its stream's events.</summary>
    public static IReadOnlyList<AllocationSeconds> From(IEnumerable<object> history) =>
        [.. history.OfType<UsageAccrued>().SelectMany(Of).GroupBy(a => a.Key).Select(g => new AllocationSeconds(g.Key, g.Sum(a => a.Seconds)))];
}

/// <summary>A period's metered (not yet billable) seconds and energy of one price key under one rate card version.</summary>
public sealed record KeyTotal(int RateCardVersion, PriceKey Key, long Seconds, decimal EnergyJoules)
{
    public static IComparer<KeyTotal> Order { get; } = Comparer<KeyTotal>.Create((a, b) =>
    {
        var byKey = PriceKey.Order.Compare(a.Key, b.Key);
        return byKey != 0 ? byKey : a.RateCardVersion.CompareTo(b.RateCardVersion);
    });
}

/// <summary>
/// What a tenant has accrued in one billing period: the state accrual is decided against and
/// the source of the totals the period is rated from. Kept as an inline snapshot (pricing's
/// PeriodUsageProjection), in the same transaction as every append, so accrual never replays a
/// stream that grows all period.
/// </summary>
/// <remarks>
/// Its size is the number of price keys and versions, never the tenant's GPUs: every batch of
/// accrual loads and stores it, and a tenant holding 100,000 GPUs made a per-allocation snapshot of
/// 15 MiB. Increments and minimums apply to an allocation's whole time in the period, which no
/// single ledger event knows, so where a version counts time that way rating takes each allocation's
/// seconds beside the snapshot (<see cref="Totals"/>; pricing keeps them in a table, the auditor
/// folds them). Which ledger events were accrued is not kept here either: storage claims each one
/// (see pricing's AccruedSources).
/// </remarks>
/// <param name="StreamVersion">The version of the accrual stream this state reflects: what the next append expects.</param>
/// <param name="FirstSecond">The first second of usage accrued.</param>
/// <param name="LastSecond">The last second of usage accrued (inclusive).</param>
/// <param name="Keys">The seconds and energy accrued per price key and version, in <see cref="KeyTotal.Order"/>.</param>
/// <param name="OpenedBeforeUsage">The stream starts with <see cref="PeriodOpened"/>, not with usage.</param>
public sealed record PeriodUsage(
    string Id,
    string TenantId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string RateCardId,
    long StreamVersion,
    DateTimeOffset? FirstSecond,
    DateTimeOffset? LastSecond,
    IReadOnlyList<KeyTotal> Keys,
    bool OpenedBeforeUsage = false)
{
    /// <summary>The hash of the stream's last event: what the next event is chained to, without reading the stream.</summary>
    public string LastHash { get; init; } = HashChain.Genesis;

    /// <summary>
    /// Snapshots stored before <see cref="Keys"/> kept a total per allocation under this name; one
    /// read back is summed per key, so a period accrued before the upgrade goes on where it was.
    /// Never written.
    /// </summary>
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<AllocationKey, StoredAllocationTotal>? Allocations
    {
        get => null;
        init => Keys = value is null ? Keys : SumByKey(value.Select(a => new KeyTotal(a.Key.RateCardVersion, a.Key.Key, a.Value.Seconds, a.Value.EnergyJoules)));
    }

    // Not named Create and Apply: Marten would take those for conventional projection methods
    // beside the projection's Evolve, and the fold is this type's Evolve alone.
    private static PeriodUsage OpenedBy(PeriodOpened opened) =>
        new(new AccrualStreamKey(opened.TenantId, opened.PeriodStart).ToString(), opened.TenantId, opened.PeriodStart, opened.PeriodEnd,
            opened.RateCardId, 1, null, null, [], OpenedBeforeUsage: true)
        {
            LastHash = opened.Hash,
        };

    private static PeriodUsage StartedBy(UsageAccrued accrued) =>
        Accrue(accrued, new PeriodUsage(
            new AccrualStreamKey(accrued.TenantId, accrued.PeriodStart).ToString(),
            accrued.TenantId,
            accrued.PeriodStart,
            accrued.PeriodEnd,
            accrued.RateCardId,
            0,
            null,
            null,
            []));

    private static PeriodUsage Accrue(UsageAccrued accrued, PeriodUsage usage)
    {
        var (first, last) = (usage.FirstSecond, usage.LastSecond);
        foreach (var run in accrued.Quantities.SelectMany(q => q.Runs))
        {
            if (first is not { } f || run.From < f) first = run.From;
            if (last is not { } l || run.To.AddSeconds(-1) > l) last = run.To.AddSeconds(-1);
        }
        return usage with
        {
            StreamVersion = usage.StreamVersion + 1,
            FirstSecond = first,
            LastSecond = last,
            Keys = SumByKey([.. usage.Keys, .. accrued.Quantities.Select(q => new KeyTotal(q.RateCardVersion, q.Key, q.Seconds, q.EnergyJoules))]),
            LastHash = accrued.Hash,
        };
    }

    private static IReadOnlyList<KeyTotal> SumByKey(IEnumerable<KeyTotal> totals) =>
    [
        .. totals
            .GroupBy(t => (t.RateCardVersion, t.Key))
            .Select(g => new KeyTotal(g.Key.RateCardVersion, g.Key.Key, g.Sum(t => t.Seconds), g.Sum(t => t.EnergyJoules)))
            .Order(KeyTotal.Order),
    ];

    /// <summary>Builds the period from its stream's events (<see cref="PeriodOpened"/>, <see cref="UsageAccrued"/>); null for a stream with none.</summary>
    public static PeriodUsage? From(IEnumerable<object> history) =>
        history.Aggregate((PeriodUsage?)null, Evolve);

    public static PeriodUsage Evolve(PeriodUsage? usage, object @event) => (usage, @event) switch
    {
        (null, PeriodOpened opened) => OpenedBy(opened),
        (null, UsageAccrued accrued) => StartedBy(accrued),
        ({ } period, UsageAccrued accrued) => Accrue(accrued, period),
        ({ } period, PeriodOpened) => throw new InvalidOperationException($"Period '{period.Id}' is already open: only the first event of an accrual stream opens it."),
        _ => throw new InvalidOperationException($"{@event.GetType().Name} is not an accrual stream event."),
    };

    /// <summary>Every event but an opening accrues exactly one ledger event, so the stream's version counts them.</summary>
    [JsonIgnore]
    public long LedgerEvents => StreamVersion - (OpenedBeforeUsage ? 1 : 0);

    /// <summary>GPU-seconds as metered, before increments and minimums: what reconciles with the ledger.</summary>
    [JsonIgnore]
    public long MeteredGpuSeconds => Keys.Sum(k => k.Seconds);

    /// <summary>
    /// The versions of <paramref name="card"/> this period accrued under that count time per
    /// allocation (an increment or a minimum): <see cref="Totals"/> needs the seconds of each
    /// allocation under them, and of no other.
    /// </summary>
    public IReadOnlySet<int> VersionsRoundedPerAllocation(RateCard card) =>
        Keys.Select(k => k.RateCardVersion).Where(v => !BillableTime.IsMetered(card.Version(v).Terms)).ToHashSet();

    /// <summary>
    /// The period's totals per meter, price key and version, ready to rate: each allocation's
    /// seconds through its version's increment and minimum, then summed; energy as accrued.
    /// </summary>
    /// <param name="rounded">
    /// The seconds of every allocation under <see cref="VersionsRoundedPerAllocation"/> (others are
    /// ignored); they must add up to the period's seconds of each key, or the totals would not be
    /// this period's.
    /// </param>
    public PeriodTotals Totals(RateCard card, IEnumerable<AllocationSeconds> rounded)
    {
        if (!string.Equals(card.Id, RateCardId, StringComparison.Ordinal))
            throw new ArgumentException($"The period is priced by rate card '{RateCardId}', not '{card.Id}'.", nameof(card));

        var roundedVersions = VersionsRoundedPerAllocation(card);
        var allocations = rounded.Where(a => roundedVersions.Contains(a.Key.RateCardVersion)).ToLookup(a => (a.Key.RateCardVersion, a.Key.Key));
        var gpuTime = Keys.Select(k =>
        {
            if (!roundedVersions.Contains(k.RateCardVersion)) return new MeterTotal(Meters.GpuTime, k.Key, k.RateCardVersion, k.Seconds);
            var ofKey = allocations[(k.RateCardVersion, k.Key)].ToList();
            if (ofKey.Sum(a => a.Seconds) != k.Seconds)
                throw new ArgumentException(
                    $"The allocations of {k.Key} under version {k.RateCardVersion} hold {ofKey.Sum(a => a.Seconds)} seconds; period '{Id}' accrued {k.Seconds}.",
                    nameof(rounded));
            var terms = card.Version(k.RateCardVersion).Terms;
            return new MeterTotal(Meters.GpuTime, k.Key, k.RateCardVersion, ofKey.Sum(a => BillableTime.Of(a.Seconds, terms)));
        });
        var energy = Keys
            .Where(k => k.EnergyJoules != 0)
            .Select(k => new MeterTotal(Meters.Energy, k.Key, k.RateCardVersion, k.EnergyJoules));
        return new PeriodTotals(TenantId, PeriodStart, PeriodEnd, RateCardId, [.. gpuTime, .. energy]);
    }
}

/// <summary>How snapshots stored before <see cref="PeriodUsage.Keys"/> held each allocation's figures.</summary>
public sealed record StoredAllocationTotal(long Seconds, decimal EnergyJoules);
