using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Metering.Ledger;

/// <summary>
/// Marten keeps <see cref="NodeHourLedger"/> inline with the hour's own fold, so recording decides
/// against exactly what <see cref="NodeHourLedger.Evolve"/> gives for the stream. Written out
/// because the fold lives in metering's domain library, where Marten's source generator never runs.
/// </summary>
public sealed class NodeHourLedgerProjection : SingleStreamProjection<NodeHourLedger, string>
{
    public NodeHourLedgerProjection() => IncludeType<NodeUsageRecorded>();

    public override NodeHourLedger? Evolve(NodeHourLedger? ledger, string id, IEvent e) =>
        e.Data is NodeUsageRecorded recorded ? NodeHourLedger.Evolve(ledger, recorded) : ledger;
}
