using Fleet.CostCards;
using Fleet.Efficiency;
using Fleet.Inventory;
using Fleet.Revenue;
using Fleet.Usage;
using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using JasperFx.Events.Projections;
using Marten;

namespace Fleet;

/// <summary>
/// The fleet owns this PostgreSQL schema; no other service writes it, and it reads no other
/// service's: usage arrives as metering's <c>NodeUsageSealed</c> messages.
/// </summary>
public static class FleetStorage
{
    public const string Name = FleetEvents.Schema;

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.FleetSchema.Key;
        options.UseEventSchema(Name, FleetEvents.Types);
        // Every stream is written through FetchForWriting over one of these inline snapshots, and reports read them.
        options.Projections.Add<FleetNodeProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<CostCardProjection>(ProjectionLifecycle.Inline);
        // Two instances consuming events of the same node-hour: the later save fails on its version and is retried.
        options.Schema.For<NodeHourUsage>().UseOptimisticConcurrency(true).Index(u => u.Hour);
        // Kept with its node-hours in their transaction; two instances adding to one day are resolved as for a node-hour.
        options.Schema.For<NodeDayUsage>().UseOptimisticConcurrency(true).Index(d => d.Day);
        // Each node-day's GPUs as plain rows, saved with the day's document: what reports sum.
        options.Storage.ExtendedSchemaObjects.Add(NodeDayRows.Table(Name));
        options.Storage.ExtendedSchemaObjects.Add(NodeDayRows.IdleTable(Name));
        // Two instances deciding the same GPU's episode: the later save fails on its version and the message is decided again.
        options.Schema.For<GpuIdleWatch>().UseOptimisticConcurrency(true);
        options.Schema.For<FleetIdleThreshold>();
        options.Schema.For<TenantIdleSettings>();
        // Ratings and invoices of billing periods, kept as their messages arrive; reports find them by period and tenant.
        options.Schema.For<RatedPeriod>().UseOptimisticConcurrency(true).Index(p => p.PeriodStart).Index(p => p.PeriodEnd);
        options.Schema.For<InvoiceRevenue>().UseOptimisticConcurrency(true).Index(i => i.TenantId);
        options.RegisterAccessDocuments();
    }
}
