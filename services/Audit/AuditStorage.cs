using GpuBilling.Access;
using GpuBilling.Messaging;
using Marten;

namespace Audit;

/// <summary>The audit service's own schema: only its API keys. It writes nothing anywhere else.</summary>
public static class AuditStorage
{
    public const string Schema = "audit";

    public static void Configure(StoreOptions options)
    {
        options.ApplyChangesLockId = AdvisoryLocks.AuditSchema.Key;
        options.DatabaseSchemaName = Schema;
        options.RegisterAccessDocuments();
    }
}
