using GpuBilling.Access;
using GpuBilling.Messaging;
using Marten;
using Webhooks.Deliveries;
using Webhooks.Subscriptions;

namespace Webhooks;

/// <summary>Webhooks' PostgreSQL schema; no other service reads it. Documents only: nothing here is an event stream.</summary>
public static class WebhooksStorage
{
    public const string Schema = "webhooks";

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.WebhooksSchema.Key;
        options.DatabaseSchemaName = Schema;
        options.RegisterAccessDocuments();
        options.Schema.For<WebhookSubscription>().Index(s => s.TenantId);
        // The worker's question, asked every poll: which pending deliveries are due.
        options.Schema.For<WebhookDelivery>()
            .Index(d => d.NextAttemptAt)
            .Index(d => d.SubscriptionId);
    }
}
