using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Metering.Contracts;

namespace Fleet.Usage;

/// <summary>
/// What the ledger sealed of one node's UTC day, summed per GPU and holder, kept beside the
/// node-hours in the same transaction so that a report reads one small document per node and day
/// instead of 24 large ones. Only sums that add up exactly and do not depend on the inventory, the
/// cards or the idle level are kept: per GPU, tenant and allocation class its seconds, readings and
/// joules, and each held entry's utilization sum and readings apart (<see cref="HeldReading"/>), so
/// idleness is still decided entry by entry at the level in force when a report is read. A report
/// uses a day only where nothing it decides by changes within it (<see cref="NodeDays"/>); the
/// node-hours stay the record, read wherever a day cannot stand for them.
/// </summary>
/// <param name="Id">"{node}@{yyyy-MM-dd}".</param>
/// <param name="HoursKept">Bit h set when the day's node-hour h is kept: what says whether every node-hour of a period is summed here.</param>
/// <param name="Peaks">Per model and MIG profile, the most entries the node reported at any one second of the day.</param>
public sealed record NodeDayUsage(
    string Id, string NodeId, DateTimeOffset Day, int HoursKept, IReadOnlyList<DayGpuUsage> Gpus, IReadOnlyList<DayPeak> Peaks)
{
    public static string KeyOf(string nodeId, DateTimeOffset day) =>
        $"{nodeId}@{day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static DateTimeOffset DayOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
    }

    [JsonIgnore]
    public DateTimeOffset End => Day.AddDays(1);

    /// <summary>What deciding whether the day stands for its hours needs (<see cref="NodeDays.Split"/>): none of its GPUs.</summary>
    [JsonIgnore]
    public DayOutline Outline => new(Id, NodeId, Day, HoursKept, Peaks);


    /// <summary>
    /// The day with the windows <paramref name="added"/> to its node-hour <paramref name="hour"/> (as
    /// the hour holds them now, <paramref name="added"/> among them) summed in.
    /// </summary>
    public static NodeDayUsage Evolve(NodeDayUsage? day, NodeHourUsage hour, IEnumerable<SealedWindow> added)
    {
        var dayStart = DayOf(hour.Hour);
        day ??= new NodeDayUsage(KeyOf(hour.NodeId, dayStart), hour.NodeId, dayStart, 0, [], []);
        var gpus = day.Gpus.ToDictionary(g => g.Key);
        foreach (var gpu in added.SelectMany(w => w.Gpus))
        {
            var key = new DayGpuKey(gpu.GpuUuid, gpu.Model, gpu.MigProfile, gpu.TenantId, gpu.AllocationClass);
            gpus[key] = (gpus.GetValueOrDefault(key) ?? DayGpuUsage.Empty(key)).Plus(gpu);
        }
        var peaks = day.Peaks.ToDictionary(p => (p.Model, p.MigProfile));
        foreach (var (key, peak) in PeaksOf(hour))
            if (!peaks.TryGetValue(key, out var known) || known.Entries < peak) peaks[key] = new DayPeak(key.Model, key.MigProfile, peak);
        return day with
        {
            HoursKept = day.HoursKept | (1 << (int)(hour.Hour.ToUniversalTime() - dayStart).TotalHours),
            Gpus = [.. gpus.Values.OrderBy(g => g.GpuUuid, StringComparer.Ordinal).ThenBy(g => g.TenantId, StringComparer.Ordinal)
                .ThenBy(g => g.AllocationClass, StringComparer.Ordinal).ThenBy(g => g.Model, StringComparer.Ordinal).ThenBy(g => g.MigProfile, StringComparer.Ordinal)],
            Peaks = [.. peaks.Values.OrderBy(p => p.Model, StringComparer.Ordinal).ThenBy(p => p.MigProfile, StringComparer.Ordinal)],
        };
    }

    /// <summary>How many of the hour's entries of each model and profile cover one second, at most.</summary>
    private static IEnumerable<((string Model, string? MigProfile) Key, int Peak)> PeaksOf(NodeHourUsage hour) =>
        hour.Windows.SelectMany(w => w.Gpus).GroupBy(g => (g.Model, g.MigProfile)).Select(g =>
        {
            var changes = new SortedDictionary<long, int>();
            foreach (var (first, last) in g.SelectMany(e => Runs.ParseRanges(e.Seconds)))
            {
                changes[first] = changes.GetValueOrDefault(first) + 1;
                changes[last + 1] = changes.GetValueOrDefault(last + 1) - 1;
            }
            int now = 0, most = 0;
            foreach (var change in changes.Values) most = Math.Max(most, now += change);
            return (g.Key, most);
        });
}

public sealed record DayGpuKey(string GpuUuid, string Model, string? MigProfile, string? TenantId, string? AllocationClass);

/// <summary>
/// One GPU (or slice) under one tenant and class (or nobody) over a node's day: its seconds, the sums
/// of its readings, the seconds it was held with no utilization reading at all, its joules, and each
/// held entry that had readings (<see cref="Readings"/>), which an idle level is applied to.
/// </summary>
public sealed record DayGpuUsage(
    string GpuUuid, string Model, string? MigProfile, string? TenantId, string? AllocationClass,
    long GpuSeconds, decimal UtilizationPercentSeconds, long UtilizationSamples, long UnmeasuredSeconds, decimal EnergyJoules,
    IReadOnlyList<HeldReading> Readings)
{
    [JsonIgnore]
    public DayGpuKey Key => new(GpuUuid, Model, MigProfile, TenantId, AllocationClass);

    public static DayGpuUsage Empty(DayGpuKey key) => new(key.GpuUuid, key.Model, key.MigProfile, key.TenantId, key.AllocationClass, 0, 0m, 0, 0, 0m, []);

    /// <summary>The seconds of its held entries that were idle at <paramref name="idleBelowPercent"/>: sum below the level × readings.</summary>
    public long IdleSeconds(decimal idleBelowPercent) =>
        Readings.Where(r => r.UtilizationPercentSeconds < idleBelowPercent * r.Samples).Sum(r => r.GpuSeconds);

    public DayGpuUsage Plus(SealedGpuUsage entry) => this with
    {
        GpuSeconds = GpuSeconds + entry.GpuSeconds,
        UtilizationPercentSeconds = UtilizationPercentSeconds + entry.UtilizationPercentSeconds,
        UtilizationSamples = UtilizationSamples + entry.UtilizationSamples,
        UnmeasuredSeconds = UnmeasuredSeconds + (entry.UtilizationSamples == 0 ? entry.GpuSeconds : 0),
        EnergyJoules = EnergyJoules + entry.EnergyJoules,
        Readings = entry.TenantId is null || entry.UtilizationSamples == 0 ? Readings : HeldReading.Add(Readings, entry),
    };
}

/// <summary>
/// Held entries of one GPU whose readings summed the same (<see cref="UtilizationPercentSeconds"/>
/// over <see cref="Samples"/>), with their seconds: what deciding idleness at any level needs, since
/// an entry is idle when its utilization sum is below the level × its readings. Kept as a JSON array
/// of its three numbers: a month of a large fleet holds millions, and their names would be most of it.
/// </summary>
[JsonConverter(typeof(HeldReadingJson))]
public sealed record HeldReading(decimal UtilizationPercentSeconds, int Samples, long GpuSeconds)
{
    public static IReadOnlyList<HeldReading> Add(IReadOnlyList<HeldReading> readings, SealedGpuUsage entry)
    {
        var same = readings.FirstOrDefault(r => r.UtilizationPercentSeconds == entry.UtilizationPercentSeconds && r.Samples == entry.UtilizationSamples);
        return same is null
            ? [.. readings, new HeldReading(entry.UtilizationPercentSeconds, entry.UtilizationSamples, entry.GpuSeconds)]
            : [.. readings.Select(r => ReferenceEquals(r, same) ? r with { GpuSeconds = r.GpuSeconds + entry.GpuSeconds } : r)];
    }
}

public sealed record DayPeak(string Model, string? MigProfile, int Entries);

/// <summary>A node-day's header: which of its hours it keeps and its peaks, without its GPUs.</summary>
public sealed record DayOutline(string Id, string NodeId, DateTimeOffset Day, int HoursKept, IReadOnlyList<DayPeak> Peaks)
{
    public DateTimeOffset End => Day.AddDays(1);
}

/// <summary>
/// Node-days of one node that stand for their hours and that a report decides alike (<see cref="NodeDays.Spans"/>:
/// one inventory version, one card version, between the same two bounds), summed as a report reads
/// them: each GPU and holder's sums over the days, and of its held seconds those that were idle at the
/// level the report decides by (<see cref="StandingGpuUsage.IdleSeconds"/>), rather than the entries'
/// readings, which never leave the database.
/// </summary>
/// <param name="Days">The first second of each day summed, in order; not always consecutive.</param>
public sealed record StandingDays(string NodeId, IReadOnlyList<DateTimeOffset> Days, IReadOnlyList<StandingGpuUsage> Gpus)
{
    public DateTimeOffset First => Days[0];

    public DateTimeOffset End => Days[^1].AddDays(1);

    /// <summary>
    /// The days as a report reads them, each held entry classed at the level <paramref name="idleBelowPercentOf"/>
    /// gives its tenant: what the service has PostgreSQL compute from the stored days, here in memory.
    /// </summary>
    public static StandingDays Of(IReadOnlyList<NodeDayUsage> days, Func<string?, decimal> idleBelowPercentOf) => new(
        days[0].NodeId, [.. days.Select(d => d.Day).Order()],
        [
            .. days.SelectMany(d => d.Gpus).GroupBy(g => g.Key).Select(g => new StandingGpuUsage(g.Key.GpuUuid, g.Key.Model, g.Key.MigProfile,
                g.Key.TenantId, g.Key.AllocationClass, g.Sum(u => u.GpuSeconds), g.Sum(u => u.UtilizationPercentSeconds), g.Sum(u => u.UtilizationSamples),
                g.Sum(u => u.UnmeasuredSeconds), g.Sum(u => u.EnergyJoules), g.Sum(u => u.IdleSeconds(idleBelowPercentOf(g.Key.TenantId))))),
        ]);
}

/// <summary>One GPU (or slice) under one tenant and class (or nobody) over standing days; <see cref="IdleSeconds"/> is 0 where no level was asked for.</summary>
public sealed record StandingGpuUsage(
    string GpuUuid, string Model, string? MigProfile, string? TenantId, string? AllocationClass,
    long GpuSeconds, decimal UtilizationPercentSeconds, long UtilizationSamples, long UnmeasuredSeconds, decimal EnergyJoules, long IdleSeconds);

/// <summary>A <see cref="HeldReading"/> as <c>[utilizationPercentSeconds, samples, gpuSeconds]</c>, exact.</summary>
public sealed class HeldReadingJson : JsonConverter<HeldReading>
{
    public override HeldReading Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A held reading is an array of three numbers.");
        reader.Read();
        var utilization = reader.GetDecimal();
        reader.Read();
        var samples = reader.GetInt32();
        reader.Read();
        var seconds = reader.GetInt64();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("A held reading is an array of three numbers.");
        return new HeldReading(utilization, samples, seconds);
    }

    public override void Write(Utf8JsonWriter writer, HeldReading value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.UtilizationPercentSeconds);
        writer.WriteNumberValue(value.Samples);
        writer.WriteNumberValue(value.GpuSeconds);
        writer.WriteEndArray();
    }
}
