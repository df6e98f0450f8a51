using GpuBilling.Periods;
using Metering.Contracts;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Pricing.Accrual;

public static class AccrualCommands
{
    /// <summary>
    /// One tenant's part of a ledger event as accrual commands, one per billing period its
    /// seconds fall in. A ledger event covers one UTC hour, and a period starts at local midnight,
    /// which is not on the hour everywhere (Asia/Kolkata's is at :30 UTC), so an hour can belong to
    /// two periods: each second goes to the period that contains it, and energy, known only as a
    /// sum, is shared by seconds. Each command names the tenant's current rate card; the caller
    /// puts the period's own card in its place once the period has one.
    /// </summary>
    /// <exception cref="FormatException">The seconds text is not run-length text.</exception>
    /// <exception cref="OverflowException">A number in the seconds text is out of range.</exception>
    public static IReadOnlyList<AccrueUsage> For(UsageRecorded message, TenantTerms terms, DateTimeOffset now, string accruedBy)
    {
        var periods = new SortedDictionary<DateTimeOffset, (BillingPeriod Period, List<AllocationUsage> Usage)>();
        var allocations = message.Usage
            .Where(u => u.TenantId == terms.Id)
            .GroupBy(u => (u.WorkloadId, u.GpuUuid, Key: new PriceKey(u.Model, u.MigProfile, u.AllocationClass)));
        foreach (var allocation in allocations)
        {
            var pieces = PiecesByPeriod(message.Hour, allocation, terms);
            var shares = EnergyShares.BySeconds(allocation.Sum(u => u.EnergyJoules), [.. pieces.Select(p => p.Runs.Sum(run => (long)run.Seconds))]);
            for (var i = 0; i < pieces.Count; i++)
            {
                var (period, runs) = pieces[i];
                if (!periods.TryGetValue(period.Start, out var entry))
                    periods[period.Start] = entry = (period, []);
                entry.Usage.Add(new AllocationUsage(
                    allocation.Key.WorkloadId, allocation.Key.GpuUuid, allocation.Key.Key, [.. runs.OrderBy(run => run.From)], shares[i]));
            }
        }

        return
        [
            .. periods.Values.Select(p => new AccrueUsage(
                terms.Id, p.Period.Start, p.Period.End, terms.RateCardId, message.LedgerEventId.ToString(),
                p.Usage, now, accruedBy)),
        ];
    }

    /// <summary>
    /// An allocation's runs by the period they fall in, periods in the order their first run comes;
    /// nearly always one: an hour straddles two periods only at a local midnight off the hour.
    /// </summary>
    private static List<(BillingPeriod Period, List<UsageRun> Runs)> PiecesByPeriod(
        DateTimeOffset hour, IEnumerable<AllocatedUsage> allocation, TenantTerms terms)
    {
        var pieces = new List<(BillingPeriod Period, List<UsageRun> Runs)>(1);
        foreach (var usage in allocation)
            foreach (var (period, run) in SplitAtPeriods(hour, usage.Seconds, terms))
            {
                var i = 0;
                while (i < pieces.Count && pieces[i].Period.Start != period.Start) i++;
                if (i == pieces.Count) pieces.Add((period, []));
                pieces[i].Runs.Add(run);
            }
        return pieces;
    }

    private static IEnumerable<(BillingPeriod Period, UsageRun Run)> SplitAtPeriods(DateTimeOffset hour, string seconds, TenantTerms terms)
    {
        BillingPeriod? period = null;
        foreach (var (first, last) in Runs.ParseRanges(seconds))
        {
            var from = hour.AddSeconds(first);
            var to = hour.AddSeconds(last + 1);
            while (from < to)
            {
                if (period is null || !period.Contains(from)) period = terms.PeriodContaining(from);
                var end = period.End < to ? period.End : to;
                yield return (period, new UsageRun(from, (int)(end - from).TotalSeconds));
                from = end;
            }
        }
    }
}
