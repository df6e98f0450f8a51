using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Invoices.Crediting;
using Invoicing.Ledger;
using Invoicing.Numbering;
using Invoicing.Ratings;
using Invoicing.Standing;
using Invoicing.Thresholds;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

namespace Invoicing;

/// <summary>
/// Invoicing's PostgreSQL schema, all in one place so that a test builds exactly the schema the
/// service runs on. No other service reads it. Marten creates it at start, the plain tables (the
/// number counters, the ledger tally) with it, under its own advisory lock, so instances that
/// start at once create it once.
/// </summary>
public static class InvoicingStorage
{
    /// <summary>
    /// The store, its snapshots filled for streams written before they were kept (before anything
    /// that writes starts: such a stream must not read as none), and its subscriptions run by one instance.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddInvoicingStore(this IHostApplicationBuilder builder)
    {
        var store = builder.AddEventStore(Configure);
        builder.Services.AddMissingStreamViews<Invoice>(invoice => invoice.Id, typeof(InvoiceDraftOpened));
        builder.Services.AddMissingStreamViews<BillingAccountState>(account => account.TenantId, typeof(BillingAccountOpened));
        builder.Services.AddAsyncDaemonLeadership(AdvisoryLocks.InvoicingDaemon);
        return store;
    }

    public const string Schema = InvoicingEvents.Schema;

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.InvoicingSchema.Key;
        // Stream keys are read by people: "acme" for an account, "acme@2025-03-01" for an invoice, "acme:credits" for credit, "acme:standing" for the standing.
        // Event types are registered up front: a fresh instance must read a stream whose event types it has not appended yet.
        options.UseEventSchema(Schema, InvoicingEvents.Types);
        options.RegisterAccessDocuments();
        // The API reads accounts, one or a page, from these documents.
        options.Projections.Add<BillingAccountViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<BillingAccountView>().Identity(a => a.TenantId);
        // What each write decides on, kept beside the events so that FetchForWriting reads it instead of replaying the stream.
        options.Projections.Add<InvoiceSnapshot>(ProjectionLifecycle.Inline);
        options.Projections.Add<BillingAccountSnapshot>(ProjectionLifecycle.Inline);
        options.Projections.Add<CreditSnapshot>(ProjectionLifecycle.Inline);
        options.Projections.Add<StandingSnapshot>(ProjectionLifecycle.Inline);
        // The expiry sweep looks for balances with a grant due; the liability reads movements up to a date.
        options.Schema.For<CreditBalance>().Index(b => b.NextExpiry);
        options.Schema.For<CreditMovement>().Index(m => m.At);
        options.Schema.For<BillingAccountState>().Identity(a => a.TenantId);
        options.Schema.For<PeriodCharges>();
        options.Schema.For<InvoiceSummary>().Index(i => i.Status);
        options.Schema.For<IssuedCreditNote>().Index(n => n.TenantId);
        options.Schema.For<UsageThresholds>();
        // The cards pricing announced, which an account must name.
        options.Schema.For<KnownRateCard>();
        // Schedulers page through the tenants not ok; a review reads a tenant's estimates of its open periods.
        options.Schema.For<TenantStanding>().Identity(s => s.TenantId).Index(s => s.Status);
        options.Schema.For<ChargesEstimate>().Index(e => e.TenantId);
        options.Storage.ExtendedSchemaObjects.Add(InvoiceNumbers.Table());
        options.Storage.ExtendedSchemaObjects.Add(LedgerTally.Table());
    }
}
