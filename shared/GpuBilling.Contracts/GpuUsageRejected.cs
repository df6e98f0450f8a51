namespace Metering.Contracts;

/// <summary>
/// A report metering refused, with every reason, sent to the `gpu-usage-rejected` queue where
/// an operator can read it, fix it and send the original again. The report is kept whole.
/// </summary>
public sealed record GpuUsageRejected
{
    public required Guid? MessageId { get; init; }
    /// <summary>The refused report; empty (no node, no seconds) when the refused one was compact or never read.</summary>
    public required GpuUsageReported Report { get; init; }
    /// <summary>The refused report when it was a compact one.</summary>
    public GpuUsageWindowReported? WindowReport { get; init; }
    public required IReadOnlyList<RejectionReason> Reasons { get; init; }
    public required DateTimeOffset RejectedAt { get; init; }
}

public sealed record RejectionReason(string Field, string Problem);
