using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Marten;
using MassTransit;
using Metering.Contracts;
using Npgsql;

namespace Invoicing.Ledger;

/// <summary>
/// Tallies the usage ledger as metering publishes it, in batches: one statement per batch, each
/// ledger event counted once however often it is delivered. Usage of tenants without a billing
/// account is tallied too (it is real) and flagged, since nobody can be invoiced for it.
/// </summary>
public sealed class UsageRecordedConsumer(
    NpgsqlDataSource database,
    IDocumentStore store,
    InvoicingMetrics metrics,
    ILogger<UsageRecordedConsumer> logger) : IConsumer<Batch<UsageRecorded>>
{
    public async Task Consume(ConsumeContext<Batch<UsageRecorded>> context)
    {
        var added = await LedgerTally.AddAsync(database, LedgerTally.RowsOf(context.Message.Select(m => m.Message)), context.CancellationToken);
        if (added.Count == 0) return;

        var perTenant = added.GroupBy(r => r.TenantId).ToDictionary(g => g.Key, g => g.Sum(r => (long)r.GpuSeconds));
        await using var session = store.QuerySession();
        var withAccounts = await BillingAccountStream.WithAccountsAsync(session, perTenant.Keys, context.CancellationToken);
        foreach (var (tenant, gpuSeconds) in perTenant.Where(t => !withAccounts.Contains(t.Key)))
        {
            metrics.UsageWithoutAccount(gpuSeconds);
            logger.LogWarning("Tenant {TenantId} used {GpuSeconds} GPU-seconds but has no billing account to invoice them on", tenant, gpuSeconds);
        }
    }
}

public sealed class UsageRecordedConsumerDefinition()
    : WorkQueue<UsageRecordedConsumer>(QueueName, new Batches(BatchSize, TimeSpan.FromMilliseconds(250), ConcurrentBatches))
{
    public const string QueueName = "invoicing-usage-recorded";
    public const int BatchSize = 500;
    public const int ConcurrentBatches = 2;
}

/// <summary>Tenants whose usage is in the ledger but who have no billing account: an operator opens their accounts.</summary>
public static class UsageWithoutAccountEndpoint
{
    public static void MapUsageWithoutAccount(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/usage-without-account", ListAsync)
            .RequireRoles(Roles.Operator)
            .WithName("ListUsageWithoutAccount")
            .WithTags("Billing accounts")
            .WithSummary("Tenants whose usage is in the ledger but who have no billing account.")
            .Produces<List<TenantUsage>>();

    private static async Task<IResult> ListAsync(NpgsqlDataSource database, IQuerySession session, CancellationToken cancellationToken)
    {
        var tenants = await LedgerTally.PerTenantAsync(database, cancellationToken);
        var withAccounts = await BillingAccountStream.WithAccountsAsync(session, tenants.Select(t => t.TenantId), cancellationToken);
        return Results.Ok(tenants.Where(t => !withAccounts.Contains(t.TenantId)).ToList());
    }
}
