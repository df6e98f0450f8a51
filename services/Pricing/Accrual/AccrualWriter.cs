using GpuBilling.Decisions;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Metering.Contracts;
using Pricing.Estimates;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing.Accrual;

/// <summary>What one accrual transaction did, reported once it has committed.</summary>
/// <param name="Periods">Each period stream the batch fetched, as the batch leaves it: what the session saves as its snapshot.</param>
/// <param name="Terms">The terms of the batch's tenants that have any, as the transaction read them.</param>
/// <param name="Cards">The rate cards the batch's periods are priced by, as the transaction read them.</param>
/// <param name="Tallies">The unsealed-usage tallies of the tenants with terms that the estimate reads (<see cref="UnsealedUsage.OfTenantsAsync"/>), with the batch's sealed seconds added.</param>
public sealed record AccrualOutcome(
    long GpuSecondsAccrued,
    IReadOnlyList<UnbilledUsage> Parked,
    IReadOnlyList<PeriodUsage> Periods,
    IReadOnlyList<TenantTerms> Terms,
    IReadOnlyList<RateCard> Cards,
    IReadOnlyList<UnsealedTally> Tallies);

/// <summary>
/// The accrual write path, one transaction for a batch of ledger events: cut each tenant's part
/// into its billing periods, fetch each period stream for writing (its inline snapshot and
/// version, all in one round trip), claim each (ledger event, period) pair, decide the fresh ones
/// against the snapshot, and append them at the version the stream was fetched at. Usage that
/// cannot be accrued is parked in the same transaction, never dropped. Another instance
/// appending to the same period makes the append fail on its version and the whole batch is
/// retried against what that instance committed.
/// </summary>
public sealed class AccrualWriter(AccrualMetrics metrics, TimeProvider clock, ILogger<AccrualWriter> logger)
{
    private static readonly string AccruedBy = $"service:pricing@{Environment.MachineName}";

    /// <summary>
    /// Accrues inside the caller's transaction; the caller commits and then <see cref="Report"/>s,
    /// so nothing is counted twice when a failed transaction is retried.
    /// </summary>
    public async Task<AccrualOutcome> AccrueAsync(WriteTransaction write, IReadOnlyList<UsageRecorded> ledgerEvents, CancellationToken cancellationToken)
    {
        var (session, transaction) = (write.Session, write.Transaction);
        var parts = ledgerEvents
            .SelectMany(e => e.Usage.GroupBy(u => u.TenantId).Select(g => (TenantId: g.Key, Part: e with { Usage = [.. g] })))
            .DistinctBy(p => (p.Part.LedgerEventId, p.TenantId))
            .ToList();
        var tenants = parts.Select(p => p.TenantId).Distinct().ToList();
        await AdvisoryLocks.Tenant.TakeSharedAsync(transaction, tenants, cancellationToken);
        var terms = (await session.LoadManyAsync<TenantTerms>(cancellationToken, tenants)).ToDictionary(t => t.Id);

        var now = clock.GetUtcNow();
        var parked = new Dictionary<string, UnbilledUsage>();
        void Park(UsageRecorded part, string tenantId, string reason, IReadOnlyList<FieldProblem> problems)
        {
            var id = UnbilledUsage.IdOf(part.LedgerEventId, tenantId);
            parked[id] = parked.TryGetValue(id, out var earlier)
                ? earlier with { Problems = [.. earlier.Problems, .. problems] }
                : UnbilledUsage.Of(part, tenantId, reason, problems, now);
        }

        var commands = new List<(UsageRecorded Part, AccrueUsage Command)>();
        foreach (var (tenantId, part) in parts)
        {
            if (!terms.TryGetValue(tenantId, out var tenantTerms))
            {
                Park(part, tenantId, UnbilledReasons.NoTerms, [new FieldProblem("TenantId", $"No billing terms are known for tenant '{tenantId}'.")]);
                continue;
            }
            try
            {
                commands.AddRange(AccrualCommands.For(part, tenantTerms, now, AccruedBy).Select(c => (part, c)));
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                Park(part, tenantId, UnbilledReasons.Unreadable, [new FieldProblem("Usage.Seconds", e.Message)]);
            }
        }

        var keys = commands.Select(c => c.Command.StreamKey).Distinct().ToList();
        var fetched = keys.Count == 0 ? [] : await session.Events.FetchManyForWriting<PeriodUsage>([.. keys.Select(k => k.ToString())], cancellationToken);
        // Marten hands the streams back in the order asked for.
        var streams = keys.Zip(fetched).ToDictionary(s => s.First, s => s.Second);
        // A period keeps the card it started with; the tenant's current card is for periods not yet started.
        commands = [.. commands.Select(c => streams[c.Command.StreamKey].StateOf() is { } period
            ? c with { Command = c.Command with { RateCardId = period.RateCardId } }
            : c)];
        var cards = (await session.LoadManyAsync<RateCard>(cancellationToken, commands.Select(c => new RateCardKey(c.Command.RateCardId).ToString()).Distinct()))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
        var fresh = await AccruedSources.ClaimAsync(transaction, commands.Select(c => (c.Command.SourceId, c.Command.StreamKey)), cancellationToken);

        var periods = streams.ToDictionary(s => s.Key, s => s.Value.StateOf());
        var refused = new List<(string SourceId, AccrualStreamKey Stream)>();
        var sealedSeconds = new List<(TallyKey Tally, long Seconds)>();
        var allocationSeconds = new List<(AccrualStreamKey Stream, AllocationSeconds Allocation)>();
        var accruedSeconds = 0L;
        foreach (var commandsOfStream in commands.Where(c => fresh.Contains((c.Command.SourceId, c.Command.StreamKey))).GroupBy(c => c.Command.StreamKey))
        {
            var stream = streams[commandsOfStream.Key];
            var state = periods[commandsOfStream.Key];
            foreach (var (part, command) in commandsOfStream)
            {
                try
                {
                    var card = cards.GetValueOrDefault(command.RateCardId)
                        ?? throw CommandRefused.Because(nameof(command.RateCardId), $"Rate card '{command.RateCardId}' has no published version.");
                    if (terms[command.TenantId].RefuseCardInAnotherCurrency(card) is { } currency)
                    {
                        Park(part, command.TenantId, UnbilledReasons.CurrencyMismatch, [currency]);
                        refused.Add((command.SourceId, command.StreamKey));
                        continue;
                    }
                    var accrued = AccrueUsageDecision.Decide(command, state, card);
                    // The next decision in this batch is chained to this event; Marten folds the
                    // appended events into the stored snapshot itself when the session is saved.
                    state = periods[commandsOfStream.Key] = PeriodUsage.Evolve(state, accrued);
                    stream.AppendOne(accrued);
                    sealedSeconds.AddRange(UnsealedTally.SealedBy(part.NodeId, accrued));
                    allocationSeconds.AddRange(AllocationSeconds.Of(accrued).Select(a => (command.StreamKey, a)));
                    accruedSeconds += accrued.Quantities.Sum(q => q.Seconds);
                }
                catch (CommandRefused refusal)
                {
                    Park(part, command.TenantId, UnbilledReasons.Refused, refusal.Problems);
                    refused.Add((command.SourceId, command.StreamKey));
                }
            }
        }

        await AccruedSources.ReleaseAsync(transaction, refused, cancellationToken);
        await PeriodAllocations.AddAsync(transaction, allocationSeconds, cancellationToken);
        // With the accrual, so the live standing's tallies and the totals it adds to agree on every second.
        var tallies = await UnsealedUsage.AddSealedAsync(transaction, sealedSeconds, [.. terms.Keys], now, cancellationToken);
        foreach (var unbilled in parked.Values) session.Store(unbilled);
        return new AccrualOutcome(accruedSeconds, [.. parked.Values], [.. periods.Values.OfType<PeriodUsage>()], [.. terms.Values], [.. cards.Values], tallies);
    }

    public void Report(AccrualOutcome outcome)
    {
        metrics.Accrued(outcome.GpuSecondsAccrued);
        foreach (var unbilled in outcome.Parked)
        {
            metrics.Unbilled(unbilled.Reason);
            logger.LogWarning("Usage of ledger event {LedgerEventId} for tenant {TenantId} is parked unbilled ({Reason}): {Problems}",
                unbilled.Usage.LedgerEventId, unbilled.TenantId, unbilled.Reason, string.Join(" ", unbilled.Problems));
        }
    }
}
