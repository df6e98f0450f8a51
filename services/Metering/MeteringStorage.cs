using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Metering.Ledger;
using Metering.Nodes;
using Metering.Observations;
using Metering.Usage;

namespace Metering;

/// <summary>
/// Metering owns this PostgreSQL schema; no other service writes it. Its configuration is in one
/// place so that the service, its tests and the auditor's read-only recomputation (services/Audit)
/// read the ledger with exactly the types and stream identity it was written with.
/// </summary>
public static class MeteringStorage
{
    public const string Name = MeteringEvents.Schema;

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.MeteringSchema.Key;
        options.UseEventSchema(Name, MeteringEvents.Types);
        options.Projections.Add<NodeHourLedgerProjection>(ProjectionLifecycle.Inline);
        options.RegisterAccessDocuments();
        options.Storage.ExtendedSchemaObjects.Add(Intake.Parts());
        options.Storage.ExtendedSchemaObjects.Add(Intake.Claims());
        options.Storage.ExtendedSchemaObjects.Add(UsageBuckets.Table(Name));
        options.Storage.ExtendedSchemaObjects.Add(TenantUsageBuckets.Table(Name));
        options.Storage.ExtendedSchemaObjects.Add(NodeReporting.Table(Name));
        options.Storage.ExtendedSchemaObjects.Add(UsageObservations.Table(Name));
    }
}
