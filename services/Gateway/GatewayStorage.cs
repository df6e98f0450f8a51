using GpuBilling.Access;
using GpuBilling.Messaging;
using Marten;

namespace Gateway;

/// <summary>The gateway's PostgreSQL schema: the API keys of every principal, as hashes, and the tenants' grants, and the portal's sessions. No other service reads it.</summary>
public static class GatewayStorage
{
    public const string Schema = "gateway";

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.GatewaySchema.Key;
        options.DatabaseSchemaName = Schema;
        options.RegisterAccessDocuments();
        options.Schema.For<Gateway.Portal.PortalSession>();
    }
}
