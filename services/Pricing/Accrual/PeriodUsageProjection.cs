using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Pricing.Accrual;

/// <summary>
/// Marten keeps <see cref="PeriodUsage"/> inline with the period's own fold, so the snapshot an
/// accrual is decided against is exactly what <see cref="PeriodUsage.From"/> gives for the stream.
/// Written out because this project drops Marten's event source generator (see Pricing.csproj).
/// </summary>
public sealed class PeriodUsageProjection : SingleStreamProjection<PeriodUsage, string>
{
    // Only accrual streams: a rate card's events are no period's.
    public PeriodUsageProjection()
    {
        IncludeType<PeriodOpened>();
        IncludeType<UsageAccrued>();
    }

    public override PeriodUsage? Evolve(PeriodUsage? snapshot, string id, IEvent e) => PeriodUsage.Evolve(snapshot, e.Data);
}
