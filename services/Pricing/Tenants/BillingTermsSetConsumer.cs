using GpuBilling.Decisions;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using MassTransit;
using Metering.Contracts;
using Pricing.Accrual;
using Pricing.Estimates;

namespace Pricing.Tenants;

/// <summary>
/// Keeps the latest terms of a tenant and, in the same transaction, accrues whatever usage was
/// parked for it (usage that arrived before its terms, or that an older card refused). Parked
/// usage is accrued through the same claims as any other, so accruing it again is harmless.
/// Then it opens the tenant's current period, so a tenant with reserved GPUs is billed for them
/// from the period its terms arrive in, usage or not.
/// </summary>
public sealed class BillingTermsSetConsumer(
    WriteTransactions writes, AccrualWriter accrual, PeriodOpening opening, ChargesEstimates estimates, TimeProvider clock) : IConsumer<BillingTermsSet>
{
    public async Task Consume(ConsumeContext<BillingTermsSet> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var write = await writes.BeginAsync(cancellationToken);
        await AdvisoryLocks.Tenant.TakeExclusiveAsync(write.Transaction, [message.TenantId], cancellationToken);
        var session = write.Session;

        var terms = await session.LoadAsync<TenantTerms>(message.TenantId, cancellationToken);
        if (SetTenantTermsDecision.Decide(message, terms) is { } newer)
        {
            terms = newer;
            session.Store(terms);
            // Saved (not committed) now, so the accrual below reads the new terms.
            await session.SaveChangesAsync(cancellationToken);
        }

        var parked = await session.Query<UnbilledUsage>().Where(u => u.TenantId == message.TenantId).ToListAsync(cancellationToken);
        var outcome = await accrual.AccrueAsync(write, [.. parked.Select(p => p.Usage)], cancellationToken);
        var stillParked = outcome.Parked.Select(p => p.Id).ToHashSet();
        foreach (var accrued in parked.Where(p => !stillParked.Contains(p.Id))) session.Delete(accrued);
        // Saved first: the opening reads the snapshots, and parked usage may have started the period already.
        await session.SaveChangesAsync(cancellationToken);
        // The decision keeps nothing only when terms as new are kept already, so there are terms here.
        await opening.OpenAsync(session, terms!, clock.GetUtcNow(), cancellationToken);
        await write.CommitAsync(cancellationToken);
        accrual.Report(outcome);
        // Terms make a tenant's unsealed usage priceable, and parked usage may have just accrued.
        await estimates.PublishForAsync([message.TenantId], cancellationToken);
    }
}

public sealed class BillingTermsSetConsumerDefinition() : WorkQueue<BillingTermsSetConsumer>(QueueName, isRefused: e => e is CommandRefused)
{
    public const string QueueName = "pricing-billing-terms-set";
}
