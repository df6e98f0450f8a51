using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Metering.Contracts;

namespace Invoicing.Thresholds;

/// <summary>
/// The levels of usage in a billing period a tenant wants its partners told of: GPU-hours as
/// metered, and spend (the period's charges before tax, in the account's currency). They apply to
/// every period; each level is crossed at most once a period. Levels are kept as they were set
/// ("10.00" stays "10.00"); levels stored before that was so are stripped of trailing zeros.
/// </summary>
public sealed record UsageThresholds(string Id, IReadOnlyList<decimal> GpuHours, IReadOnlyList<decimal> Spend, DateTimeOffset SetAt, string SetBy);

/// <summary>A level the period's figures passed between two ratings, or had passed when it was set.</summary>
/// <param name="Threshold">The level as the tenant set it.</param>
public sealed record ThresholdCrossing(string Meter, decimal Threshold, decimal Value);

public static class ThresholdCrossings
{
    public const string GpuHoursMeter = "gpu-hours";
    public const string SpendMeter = "spend";

    /// <summary>
    /// The levels at or below the new rating's figures that the previous rating (none: nothing yet)
    /// had not reached. Figures only grow, so a level once crossed is never crossed again; a rating
    /// arriving late or twice crosses nothing.
    /// </summary>
    public static IReadOnlyList<ThresholdCrossing> Between(PeriodRated? previous, PeriodRated current, UsageThresholds thresholds)
    {
        var (gpuHoursBefore, spendBefore) = previous is null ? (0m, 0m) : FiguresOf(previous);
        var (gpuHours, spend) = FiguresOf(current);
        return
        [
            .. thresholds.GpuHours.Where(t => gpuHoursBefore < t && t <= gpuHours).Order().Select(t => new ThresholdCrossing(GpuHoursMeter, t, gpuHours)),
            .. thresholds.Spend.Where(t => spendBefore < t && t <= spend).Order().Select(t => new ThresholdCrossing(SpendMeter, t, spend)),
        ];
    }

    /// <summary>
    /// The levels just set that the period's kept rating (none: nothing rated yet) has already
    /// reached. No later rating crosses them, so they are told now, at the figures reached: a tenant
    /// that asks to hear of 10 GPU-hours at 12 wants to hear of it, not silence. A level that was set
    /// before too is left out: it was told when a rating crossed it, or when it was set.
    /// </summary>
    public static IReadOnlyList<ThresholdCrossing> WhenSet(PeriodRated? kept, UsageThresholds? previous, UsageThresholds set)
    {
        if (kept is null) return [];
        var (gpuHours, spend) = FiguresOf(kept);
        return
        [
            .. set.GpuHours.Where(t => t <= gpuHours && !(previous?.GpuHours.Contains(t) ?? false)).Order()
                .Select(t => new ThresholdCrossing(GpuHoursMeter, t, gpuHours)),
            .. set.Spend.Where(t => t <= spend && !(previous?.Spend.Contains(t) ?? false)).Order()
                .Select(t => new ThresholdCrossing(SpendMeter, t, spend)),
        ];
    }

    public static (decimal GpuHours, decimal Spend) FiguresOf(PeriodRated rated) =>
        (rated.MeteredGpuSeconds / 3600m, rated.Charges.Sum(c => c.Amount));

    /// <summary>Without trailing zeros: 4.00 and 4 are one level, and a crossing's id is made from this form.</summary>
    public static decimal Normalized(decimal level) => level / 1.0000000000000000000000000000m;

    /// <summary>The partner event of a crossing a rating made.</summary>
    public static PartnerEvent EventOf(PeriodRated rated, DateOnly localStart, DateOnly localEnd, ThresholdCrossing crossing) =>
        EventOf(rated.TenantId, rated.PeriodStart, localStart, localEnd, rated.CurrencyCode, rated.RatedAt, crossing);

    /// <summary>
    /// The partner event of a crossing. Its id is made from the tenant, the period, the meter and
    /// the level without trailing zeros, so a crossing seen again (a redelivered rating, a retried
    /// transaction, the level set again as "10.00" where "10" was told) is the same event.
    /// </summary>
    public static PartnerEvent EventOf(
        string tenantId, DateTimeOffset periodStart, DateOnly localStart, DateOnly localEnd, string currencyCode, DateTimeOffset occurredAt,
        ThresholdCrossing crossing) => new()
    {
        EventId = EventIdOf(tenantId, periodStart, crossing.Meter, crossing.Threshold),
        Type = PartnerEventTypes.UsageThresholdCrossed,
        TenantId = tenantId,
        OccurredAt = occurredAt,
        Data = JsonSerializer.Serialize(new
        {
            tenantId,
            periodStart = localStart,
            periodEnd = localEnd,
            meter = crossing.Meter,
            threshold = crossing.Threshold.ToString(CultureInfo.InvariantCulture),
            value = (crossing.Meter == GpuHoursMeter ? Math.Round(crossing.Value, 6) : crossing.Value).ToString(CultureInfo.InvariantCulture),
            currency = crossing.Meter == SpendMeter ? currencyCode : null,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }),
    };

    public static Guid EventIdOf(string tenantId, DateTimeOffset periodStart, string meter, decimal level) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{tenantId}/{periodStart.UtcTicks}/{meter}/{Normalized(level).ToString(CultureInfo.InvariantCulture)}")).AsSpan(0, 16));
}
