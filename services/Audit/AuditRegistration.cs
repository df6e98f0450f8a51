using Audit.Recompute;

namespace Audit;

public static class AuditRegistration
{
    /// <summary>The audited services' stores, read-only on the `Postgres` connection string, and what reads an invoice's evidence from them.</summary>
    public static IHostApplicationBuilder AddAuditedStores(this IHostApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");
        builder.Services.AddSingleton(_ => new AuditedStores(postgres));
        builder.Services.AddSingleton<EvidenceReader>();
        return builder;
    }
}
