using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Metering.Contracts;

namespace Fleet.Efficiency;

/// <summary>
/// What the fleet remembers of one GPU (or slice) for `gpu.idle`: how far its sealed reports have
/// been read, and the idle episode it is in, if any.
/// </summary>
public sealed record GpuIdleWatch(string Id, string NodeId, string GpuUuid, DateTimeOffset SeenThrough, IdleEpisode? Episode)
{
    public static string IdOf(string nodeId, string gpuUuid) => $"{nodeId}/{gpuUuid}";
}

/// <summary>One allocation of a GPU held and idle from <see cref="Since"/> to <see cref="Through"/> (exclusive), and whether it was announced.</summary>
public sealed record IdleEpisode(string TenantId, string? WorkloadId, DateTimeOffset Since, DateTimeOffset Through, bool Announced);

/// <summary>An episode that reached its tenant's duration: what `gpu.idle` tells.</summary>
public sealed record IdleAlert(
    string NodeId, string GpuUuid, string Model, string? MigProfile, string TenantId, string? WorkloadId,
    DateTimeOffset Since, DateTimeOffset Through, IdleRule Rule);

public static class IdleEpisodes
{
    /// <summary>
    /// One ledger entry of a GPU moves its watch on. An idle entry (held, average utilization under the
    /// tenant's level) starts an episode or extends it; a busy entry, one with no reading (no evidence
    /// of idleness), the GPU released (held by nobody) or held by another allocation ends it. An
    /// episode is announced once, as the entry that makes it last the tenant's duration is sealed, so
    /// within one sealing window of reaching it. An entry ending at or before what was already read
    /// (a redelivered event, or one overtaken by a later window) changes nothing.
    /// </summary>
    public static (GpuIdleWatch Watch, IdleAlert? Alert) Decide(GpuIdleWatch? watch, NodeUsageSealed sealedUsage, SealedGpuUsage gpu, IdleRule rule)
    {
        var hour = sealedUsage.Hour.ToUniversalTime();
        var runs = Runs.ParseRanges(gpu.Seconds).ToList();
        var start = hour.AddSeconds(runs[0].First);
        var end = hour.AddSeconds(runs[^1].Last + 1);
        watch ??= new GpuIdleWatch(GpuIdleWatch.IdOf(sealedUsage.NodeId, gpu.GpuUuid), sealedUsage.NodeId, gpu.GpuUuid, DateTimeOffset.MinValue, null);
        if (end <= watch.SeenThrough) return (watch, null);

        var episode = watch.Episode;
        if (episode is not null && (episode.TenantId != gpu.TenantId || episode.WorkloadId != gpu.WorkloadId)) episode = null;
        IdleAlert? alert = null;
        if (gpu.TenantId is not null && EfficiencyFigures.IsIdle(gpu, rule.IdleBelowPercent))
        {
            episode = (episode ?? new IdleEpisode(gpu.TenantId, gpu.WorkloadId, start, end, false)) with { Through = end };
            if (!episode.Announced && rule.AlertAfterSeconds is { } after && (episode.Through - episode.Since).TotalSeconds >= after)
            {
                episode = episode with { Announced = true };
                alert = new IdleAlert(sealedUsage.NodeId, gpu.GpuUuid, gpu.Model, gpu.MigProfile, gpu.TenantId, gpu.WorkloadId, episode.Since, episode.Through, rule);
            }
        }
        else episode = null;
        return (watch with { SeenThrough = end > watch.SeenThrough ? end : watch.SeenThrough, Episode = episode }, alert);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// The partner event of an alert. Its id is made from the GPU, the tenant and the episode's start,
    /// so an alert decided again (a retried transaction, a redelivered message) is the same event.
    /// </summary>
    public static PartnerEvent EventOf(IdleAlert alert) => new()
    {
        EventId = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{PartnerEventTypes.GpuIdle}/{alert.NodeId}/{alert.GpuUuid}/{alert.TenantId}/{alert.Since.UtcTicks}")).AsSpan(0, 16)),
        Type = PartnerEventTypes.GpuIdle,
        TenantId = alert.TenantId,
        OccurredAt = alert.Through,
        Data = JsonSerializer.Serialize(new
        {
            tenantId = alert.TenantId,
            nodeId = alert.NodeId,
            gpuUuid = alert.GpuUuid,
            model = alert.Model,
            migProfile = alert.MigProfile,
            workloadId = alert.WorkloadId,
            idleSince = alert.Since,
            idleSeconds = (long)(alert.Through - alert.Since).TotalSeconds,
            idleBelowPercent = alert.Rule.IdleBelowPercent.ToString(CultureInfo.InvariantCulture),
            alertAfterSeconds = alert.Rule.AlertAfterSeconds,
        }, Json),
    };
}
