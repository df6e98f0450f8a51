using Fleet.Inventory;
using Fleet.Usage;
using GpuBilling.Money;
using Metering.Contracts;

namespace Fleet.Revenue;

/// <summary>
/// A report's revenue: each tenant's rated charges before tax, spread over the GPUs that earned them.
/// <list type="bullet">
/// <item>Figures: the newest rating of each billing period; once its invoice is final, each charge
/// rounded as the invoice wrote it (half-even at the currency's minor unit). A period whose invoice
/// was voided earns nothing: none of its charges, credit or credit notes is revenue, and the cost of
/// its GPUs stays.</item>
/// <item>Usage charges are spread over the tenant's ledger time in the billing period of the charge's
/// price key (GPU model, MIG profile, allocation class), pro rata by seconds for GPU time and by joules
/// for energy, into cells of node (with its site and supplier at that second), model and profile,
/// each inside or outside the report's period (a slice of a GPU the operator partitions counts under the
/// whole GPU's holding, as its cost does). The cells' shares are exact decimals (charge × weight
/// ÷ total weight) and the last cell in their fixed order takes what is left, so the shares of a
/// charge add up exactly to it. A report holds the cells inside its period: a report covering whole
/// billing periods adds up to exactly their charges.</item>
/// <item>Fixed charges and commitments, usage the fleet holds no ledger time for, credit notes
/// (negative, before tax) and the invoice's promotional credit (negative, its own line) are spread
/// over nothing: each falls whole in the report holding its billing period's first second.</item>
/// </list>
/// </summary>
public static class RevenueSpread
{
    private sealed record Held(string NodeId, DateTimeOffset Hour, SealedGpuUsage Gpu);

    /// <summary>A GPU's day under one tenant, which lies wholly inside or outside the report and every billing period (<see cref="NodeDays.Split"/>).</summary>
    private sealed record HeldDay(StandingDays Day, StandingGpuUsage Gpu);

    private sealed record Cell(string NodeId, string? Site, string? SupplierId, string Model, string? MigProfile, bool InReport);

    private sealed record UsageKey(string Meter, string Model, string? MigProfile, string AllocationClass);

    /// <param name="usage">Node-hours covering every billing period given, not only the report's period, but for those of <paramref name="days"/>.</param>
    /// <param name="days">Node-days that stand for their node-hours, none across the report's or a billing period's bounds.</param>
    public static IReadOnlyList<RevenueLine> Spread(
        DateTimeOffset from, DateTimeOffset to, IEnumerable<RatedPeriod> periods, IEnumerable<InvoiceRevenue> invoices,
        IEnumerable<FleetNode> nodes, IEnumerable<NodeHourUsage> usage, IEnumerable<StandingDays>? days = null)
    {
        var invoiceList = invoices.ToList();
        var nodeById = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var heldBy = usage.SelectMany(h => h.Windows.SelectMany(w => w.Gpus).Where(g => g.TenantId is not null).Select(g => new Held(h.NodeId, h.Hour.ToUniversalTime(), g)))
            .ToLookup(h => h.Gpu.TenantId!, StringComparer.Ordinal);
        var heldDaysBy = (days ?? []).SelectMany(d => d.Gpus.Where(g => g.TenantId is not null).Select(g => new HeldDay(d, g)))
            .ToLookup(h => h.Gpu.TenantId!, StringComparer.Ordinal);
        var lines = new List<RevenueLine>();
        foreach (var period in periods.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var invoice = invoiceList.FirstOrDefault(i => period.IsInvoicedAs(i.TenantId, i.LocalStart));
            if (invoice?.Voided is not null) continue;
            var currency = Currency.Of(period.Currency);
            var startsInReport = period.PeriodStart >= from && period.PeriodStart < to;
            RevenueLine Unspread(string part, decimal amount) => new(period.TenantId, period.Currency, part, null, null, null, null, null, amount);
            foreach (var charge in period.Charges)
            {
                var amount = invoice?.Finalized is null ? charge.Amount : new Money(charge.Amount, currency).RoundToMinorUnit().Amount;
                if (UsageKeyOf(charge) is { } key && Weights(period, key, heldBy[period.TenantId], heldDaysBy[period.TenantId], nodeById, from, to) is { Count: > 0 } weights)
                {
                    lines.AddRange(Shares(amount, weights).Where(s => s.Cell.InReport).Select(s =>
                        new RevenueLine(period.TenantId, period.Currency, RevenueParts.Usage, s.Cell.NodeId, s.Cell.Site, s.Cell.SupplierId, s.Cell.Model, s.Cell.MigProfile, s.Amount)));
                    continue;
                }
                if (startsInReport) lines.Add(Unspread(RevenueParts.OfChargeKind(charge.Kind), amount));
            }
            if (!startsInReport || invoice is null) continue;
            lines.AddRange(invoice.CreditNotes.Select(n => Unspread(RevenueParts.CreditNote, -n.Subtotal)));
            if (invoice.Finalized is { PromotionalCredit: not 0m } final) lines.Add(Unspread(RevenueParts.PromotionalCredit, -final.PromotionalCredit));
        }
        return lines;
    }

    /// <summary>A metered usage charge's price key ("model/class" or "model/profile/class"); null for charges of no meter.</summary>
    private static UsageKey? UsageKeyOf(RatedCharge charge)
    {
        if (charge.Kind != "usage" || charge.Meter is not ("gpu-time" or "energy") || charge.GpuModel is not { } model
            || charge.PriceKey is not { } priceKey || !priceKey.StartsWith(model + "/", StringComparison.Ordinal))
            return null;
        var rest = priceKey[(model.Length + 1)..].Split('/');
        return rest.Length switch
        {
            1 => new UsageKey(charge.Meter, model, null, rest[0]),
            2 => new UsageKey(charge.Meter, model, rest[0], rest[1]),
            _ => null,
        };
    }

    /// <summary>
    /// The tenant's ledger time of the key within the billing period, by cell: seconds for GPU time;
    /// for energy, an entry's joules in the cell of its first second (one sum over its window, which
    /// cannot be split at a second).
    /// </summary>
    private static SortedDictionary<Cell, decimal> Weights(
        RatedPeriod period, UsageKey key, IEnumerable<Held> held, IEnumerable<HeldDay> heldDays, IReadOnlyDictionary<string, FleetNode> nodes,
        DateTimeOffset from, DateTimeOffset to)
    {
        var weights = new SortedDictionary<Cell, decimal>(CellOrder);
        foreach (var (day, gpu) in heldDays)
        {
            if (gpu.Model != key.Model || gpu.MigProfile != key.MigProfile || (gpu.AllocationClass ?? AllocationClasses.OnDemand) != key.AllocationClass) continue;
            if (day.First < period.PeriodStart || day.End > period.PeriodEnd) continue;
            var weight = key.Meter == "energy" ? gpu.EnergyJoules : gpu.GpuSeconds;
            if (weight != 0m) Add(weights, CellOf(nodes.GetValueOrDefault(day.NodeId), day.NodeId, gpu.Model, gpu.MigProfile, day.First, from, to), weight);
        }
        foreach (var h in held)
        {
            var gpu = h.Gpu;
            if (gpu.Model != key.Model || gpu.MigProfile != key.MigProfile || (gpu.AllocationClass ?? AllocationClasses.OnDemand) != key.AllocationClass) continue;
            var node = nodes.GetValueOrDefault(h.NodeId);
            Cell CellAt(DateTimeOffset second) => CellOf(node, h.NodeId, gpu.Model, gpu.MigProfile, second, from, to);
            var runs = Runs.ParseRanges(gpu.Seconds).ToList();
            if (key.Meter == "energy")
            {
                var first = h.Hour.AddSeconds(runs[0].First);
                if (gpu.EnergyJoules != 0m && first >= period.PeriodStart && first < period.PeriodEnd)
                    Add(weights, CellAt(first), gpu.EnergyJoules);
                continue;
            }
            foreach (var (firstSecond, lastSecond) in runs)
            {
                var start = Max(h.Hour.AddSeconds(firstSecond), period.PeriodStart);
                var end = Min(h.Hour.AddSeconds(lastSecond + 1), period.PeriodEnd);
                if (start >= end) continue;
                // Within each piece the node's version, and whether the second is in the report, stay the same.
                var cuts = new SortedSet<DateTimeOffset> { start, end };
                cuts.UnionWith(new[] { from, to }.Concat(node?.ChangesWithin(start, end) ?? []).Where(t => t > start && t < end));
                var instants = cuts.ToList();
                for (var i = 0; i + 1 < instants.Count; i++)
                    Add(weights, CellAt(instants[i]), (decimal)(instants[i + 1] - instants[i]).TotalSeconds);
            }
        }
        return weights;
    }

    private static Cell CellOf(FleetNode? node, string nodeId, string model, string? migProfile, DateTimeOffset second, DateTimeOffset from, DateTimeOffset to)
    {
        var version = node?.HeldAt(second);
        // A slice of a GPU the operator partitions is costed under the whole GPU's holding; its revenue goes beside that cost.
        var profile = migProfile is not null && version?.Holding(new CostKey(model, migProfile)) is null
            && version?.Holding(new CostKey(model, null)) is { MigComputeSlices: not null } ? null : migProfile;
        return new Cell(nodeId, version?.Site, version?.SupplierId, model, profile, second >= from && second < to);
    }

    /// <summary>Each cell's share of <paramref name="amount"/>; the last takes the rest, so they add up to it exactly.</summary>
    private static IEnumerable<(Cell Cell, decimal Amount)> Shares(decimal amount, SortedDictionary<Cell, decimal> weights)
    {
        var total = weights.Values.Sum();
        var given = 0m;
        var left = weights.Count;
        foreach (var (cell, weight) in weights)
        {
            var share = --left == 0 ? amount - given : amount * weight / total;
            given += share;
            yield return (cell, share);
        }
    }

    private static void Add(SortedDictionary<Cell, decimal> weights, Cell cell, decimal weight) =>
        weights[cell] = weights.GetValueOrDefault(cell) + weight;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static readonly IComparer<Cell> CellOrder = Comparer<Cell>.Create((a, b) =>
    {
        foreach (var (x, y) in new[] { (a.NodeId, b.NodeId), (a.Site, b.Site), (a.SupplierId, b.SupplierId), (a.Model, b.Model), (a.MigProfile, b.MigProfile) })
            if (string.CompareOrdinal(x, y) is var c and not 0) return c;
        return a.InReport.CompareTo(b.InReport);
    });
}
