using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Pricing.Accrual;
using Pricing.Estimates;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing;

/// <summary>
/// Pricing owns this PostgreSQL schema; no other service writes it. Its configuration is in one
/// place so that the service, its tests and the auditor's read-only recomputation (services/Audit)
/// read the events with exactly the types and stream identity they were written with.
/// </summary>
public static class PricingStorage
{
    /// <summary>
    /// The store, with snapshots filled for rate cards published before they were kept and each
    /// period's allocations for periods accrued before they were kept apart (before anything writes
    /// or rates them: hosted services start in order, and the daemon's publisher rates periods), and
    /// its subscriptions run by one instance.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPricingStore(this IHostApplicationBuilder builder)
    {
        var store = builder.AddEventStore(Configure);
        builder.Services.AddMissingStreamViews<RateCard>(card => card.Id);
        builder.Services.AddHostedService<PeriodAllocationsBackfill>();
        builder.Services.AddAsyncDaemonLeadership(AdvisoryLocks.PricingDaemon);
        return store;
    }

    public const string Name = PricingEvents.Schema;

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.PricingSchema.Key;
        options.UseEventSchema(Name, PricingEvents.Types);
        // Listing cards reads the summaries; publishing and pricing decide against the snapshots.
        // Every stream is written through FetchForWriting over one of these inline snapshots.
        options.Projections.Add<RateCardSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<RateCardProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PeriodUsageProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<TenantTerms>();
        options.Schema.For<UnbilledUsage>().Index(u => u.TenantId);
        options.RegisterAccessDocuments();
        options.Storage.ExtendedSchemaObjects.Add(AccruedSources.Table());
        options.Storage.ExtendedSchemaObjects.Add(PeriodAllocations.Table());
        options.Storage.ExtendedSchemaObjects.Add(UnsealedUsage.Table());
        options.Storage.ExtendedSchemaObjects.Add(UnsealedUsage.ObservationsTable());
    }
}
