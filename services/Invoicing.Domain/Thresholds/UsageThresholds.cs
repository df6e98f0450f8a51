using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Metering.Contracts;

namespace Invoicing.Thresholds;

/// <summary>
/// The levels of usage in a billing period a tenant wants its partners told of: GPU-hours as
/// metered, and spend (the period's charges before tax, in the account's currency). They apply to
/// every period; each level is crossed at most once a period.
/// </summary>
public sealed record UsageThresholds(string Id, IReadOnlyList<decimal> GpuHours, IReadOnlyList<decimal> Spend, DateTimeOffset SetAt, string SetBy);

/// <summary>A level the period's figures passed between two ratings.</summary>
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

    public static (decimal GpuHours, decimal Spend) FiguresOf(PeriodRated rated) =>
        (rated.MeteredGpuSeconds / 3600m, rated.Charges.Sum(c => c.Amount));

    /// <summary>
    /// The partner event of a crossing. Its id is made from the tenant, the period, the meter and
    /// the level, so a crossing seen again (a redelivered rating, a retried transaction) is the same event.
    /// </summary>
    public static PartnerEvent EventOf(PeriodRated rated, DateOnly localStart, DateOnly localEnd, ThresholdCrossing crossing) => new()
    {
        EventId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{rated.TenantId}/{rated.PeriodStart.UtcTicks}/{crossing.Meter}/{crossing.Threshold.ToString(CultureInfo.InvariantCulture)}")).AsSpan(0, 16)),
        Type = PartnerEventTypes.UsageThresholdCrossed,
        TenantId = rated.TenantId,
        OccurredAt = rated.RatedAt,
        Data = JsonSerializer.Serialize(new
        {
            tenantId = rated.TenantId,
            periodStart = localStart,
            periodEnd = localEnd,
            meter = crossing.Meter,
            threshold = crossing.Threshold.ToString(CultureInfo.InvariantCulture),
            value = (crossing.Meter == GpuHoursMeter ? Math.Round(crossing.Value, 6) : crossing.Value).ToString(CultureInfo.InvariantCulture),
            currency = crossing.Meter == SpendMeter ? rated.CurrencyCode : null,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }),
    };
}
