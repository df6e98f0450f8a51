using GpuBilling.Decisions;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using Marten;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing.Accrual;

/// <summary>
/// The write path of <see cref="OpenPeriodDecision"/>: only usage creates an accrual stream
/// otherwise, so a period of reserved GPUs or a commitment and no usage would never be rated.
/// The opening is appended to the stream as fetched for writing, as accrual appends, so if usage
/// (or another opening) started the stream meanwhile, one of the two transactions fails on its
/// version and nothing is opened twice.
/// </summary>
public sealed class PeriodOpening(WriteTransactions writes, ILogger<PeriodOpening> logger)
{
    public static readonly string OpenedBy = $"service:pricing@{Environment.MachineName}";

    /// <summary>Opens the tenant's period containing <paramref name="now"/> in a transaction of its own; false if it was open already.</summary>
    public async Task<bool> OpenAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(cancellationToken);
        // Shared, as accrual takes it: terms changing meanwhile wait, so the card chosen is the one kept.
        await AdvisoryLocks.Tenant.TakeSharedAsync(write.Transaction, [tenantId], cancellationToken);
        if (await write.Session.LoadAsync<TenantTerms>(tenantId, cancellationToken) is not { } terms) return false;
        var opened = await OpenAsync(write.Session, terms, now, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return opened;
    }

    /// <summary>
    /// Opens the period inside the caller's transaction (<paramref name="session"/> must be on it;
    /// the caller saves and commits). A card that cannot price the period opens nothing: logged,
    /// and tried again by the next round of <see cref="PeriodOpener"/>.
    /// </summary>
    public async Task<bool> OpenAsync(IDocumentSession session, TenantTerms terms, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = new OpenPeriod(terms, now, OpenedBy);
        var stream = await session.Events.FetchForWriting<PeriodUsage>(command.StreamKey.ToString(), cancellationToken);
        var state = stream.StateOf();
        if (state is not null) return false;
        var card = await session.LoadAsync<RateCard>(new RateCardKey(terms.RateCardId).ToString(), cancellationToken);
        try
        {
            if (OpenPeriodDecision.Decide(command, state, card) is not { } opened) return false;
            stream.AppendOne(opened);
            return true;
        }
        catch (CommandRefused refusal)
        {
            logger.LogWarning("Period {StreamKey} of tenant {TenantId} is not opened: {Problems}", command.StreamKey, terms.Id, refusal.Message);
            return false;
        }
    }
}
