using System.Collections.Immutable;
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

/// <summary>An allocation's metered (not yet billable) seconds and its energy in a period.</summary>
public sealed record AllocationTotal(long Seconds, decimal EnergyJoules);

/// <summary>
/// What a tenant has accrued in one billing period: the state accrual is decided against and
/// the source of the totals the period is rated from. Kept per allocation because increments
/// and minimums apply to an allocation's whole time in the period, which no single ledger
/// event knows. Kept as an inline snapshot (pricing's PeriodUsageProjection), in the same
/// transaction as every append, so accrual never replays a stream that grows all period.
/// </summary>
/// <remarks>
/// Which ledger events were accrued is not kept here: a busy tenant's period accrues about a
/// million of them, which would make every append rewrite a set that size. Storage claims each
/// one instead (see pricing's AccruedSources).
/// </remarks>
/// <param name="StreamVersion">The version of the accrual stream this state reflects: what the next append expects.</param>
/// <param name="FirstSecond">The first second of usage accrued.</param>
/// <param name="LastSecond">The last second of usage accrued (inclusive).</param>
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
    ImmutableDictionary<AllocationKey, AllocationTotal> Allocations,
    bool OpenedBeforeUsage = false)
{
    /// <summary>The hash of the stream's last event: what the next event is chained to, without reading the stream.</summary>
    public string LastHash { get; init; } = HashChain.Genesis;

    // Not named Create and Apply: Marten would take those for conventional projection methods
    // beside the projection's Evolve, and the fold is this type's Evolve alone.
    private static PeriodUsage OpenedBy(PeriodOpened opened) =>
        new(new AccrualStreamKey(opened.TenantId, opened.PeriodStart).ToString(), opened.TenantId, opened.PeriodStart, opened.PeriodEnd,
            opened.RateCardId, 1, null, null, ImmutableDictionary<AllocationKey, AllocationTotal>.Empty, OpenedBeforeUsage: true)
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
            ImmutableDictionary<AllocationKey, AllocationTotal>.Empty));

    private static PeriodUsage Accrue(UsageAccrued accrued, PeriodUsage usage)
    {
        var allocations = usage.Allocations.ToBuilder();
        var (first, last) = (usage.FirstSecond, usage.LastSecond);
        foreach (var q in accrued.Quantities)
        {
            var key = new AllocationKey(q.RateCardVersion, q.Key, q.WorkloadId, q.GpuUuid);
            var sum = allocations.GetValueOrDefault(key) ?? new AllocationTotal(0, 0m);
            allocations[key] = new AllocationTotal(sum.Seconds + q.Seconds, sum.EnergyJoules + q.EnergyJoules);
            foreach (var run in q.Runs)
            {
                if (first is not { } f || run.From < f) first = run.From;
                if (last is not { } l || run.To.AddSeconds(-1) > l) last = run.To.AddSeconds(-1);
            }
        }
        return usage with
        {
            StreamVersion = usage.StreamVersion + 1,
            FirstSecond = first,
            LastSecond = last,
            Allocations = allocations.ToImmutable(),
            LastHash = accrued.Hash,
        };
    }

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
    public long MeteredGpuSeconds => Allocations.Values.Sum(a => a.Seconds);

    /// <summary>
    /// The period's totals per meter, price key and version, ready to rate: each allocation's
    /// seconds through its version's increment and minimum, then summed; energy as accrued.
    /// </summary>
    public PeriodTotals Totals(RateCard card)
    {
        if (!string.Equals(card.Id, RateCardId, StringComparison.Ordinal))
            throw new ArgumentException($"The period is priced by rate card '{RateCardId}', not '{card.Id}'.", nameof(card));

        var byKeyAndVersion = Allocations
            .GroupBy(a => (a.Key.Key, a.Key.RateCardVersion))
            .OrderBy(g => g.Key.Key, PriceKey.Order)
            .ThenBy(g => g.Key.RateCardVersion)
            .ToList();
        var gpuTime = byKeyAndVersion.Select(g => new MeterTotal(
            Meters.GpuTime, g.Key.Key, g.Key.RateCardVersion,
            g.Sum(a => BillableTime.Of(a.Value.Seconds, card.Version(g.Key.RateCardVersion).Terms))));
        var energy = byKeyAndVersion
            .Select(g => new MeterTotal(Meters.Energy, g.Key.Key, g.Key.RateCardVersion, g.Sum(a => a.Value.EnergyJoules)))
            .Where(t => t.Quantity != 0);
        return new PeriodTotals(TenantId, PeriodStart, PeriodEnd, RateCardId, [.. gpuTime, .. energy]);
    }
}
