using Fleet.CostCards;
using Fleet.Inventory;
using Fleet.Usage;
using Metering.Contracts;

namespace Fleet.Costs;

/// <summary>
/// A period's supplier cost, attributed second by second. Every second a node is held (its inventory
/// version in force), each of its GPUs costs its supplier's price for that second, from the cost card
/// version in force then, whether or not anyone uses it. That cost goes to the tenants the ledger says
/// held the GPUs at that second, and the rest to idle capacity: unallocated where the node reported the
/// GPU and nobody held it, unreported where the node reported nothing. A MIG slice of a GPU the operator
/// partitions takes its share of the GPU (<see cref="MigShares"/>); slices rented as such are costed as
/// themselves. Nothing is rounded: amounts are exact decimals, rounded only where they are shown.
/// </summary>
public static class CostAttributions
{
    private const int SecondsPerHour = 3600;
    private const decimal JoulesPerKWh = 3_600_000m;

    /// <param name="from">Inclusive, a whole second in UTC.</param>
    /// <param name="to">Exclusive, a whole second in UTC.</param>
    /// <param name="usage">The node-hours of the period, but for those of <paramref name="days"/>.</param>
    /// <param name="days">Node-days that stand for their node-hours (<see cref="NodeDays.Split"/>).</param>
    public static CostAttribution Attribute(
        DateTimeOffset from, DateTimeOffset to, IEnumerable<FleetNode> nodes, IEnumerable<CostCard> cards, IEnumerable<NodeHourUsage> usage,
        IEnumerable<StandingDays>? days = null)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var nodeById = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var cardBySupplier = cards.ToDictionary(c => c.SupplierId, StringComparer.Ordinal);
        var usageByNode = usage.GroupBy(u => u.NodeId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(u => u.Hour.ToUniversalTime()), StringComparer.Ordinal);
        var daysByNode = (days ?? []).ToLookup(d => d.NodeId, StringComparer.Ordinal);
        var sums = new Sums();

        var firstHour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero);
        foreach (var nodeId in nodeById.Keys.Union(usageByNode.Keys).Order(StringComparer.Ordinal))
        {
            var node = nodeById.GetValueOrDefault(nodeId);
            var hoursUsed = usageByNode.GetValueOrDefault(nodeId) ?? [];
            var spans = daysByNode[nodeId].OrderBy(d => d.First).ToList();
            var daysSummed = spans.SelectMany(d => d.Days).ToHashSet();
            // A registered node costs every hour it may be held; an unregistered one only shows where it reported.
            var hours = node is not null
                ? Hours(firstHour, to)
                : hoursUsed.Keys.Where(h => h >= firstHour && h < to).Order();
            foreach (var span in spans)
            {
                var version = node!.HeldAt(span.First)!;
                var card = cardBySupplier.GetValueOrDefault(version.SupplierId);
                AttributeDays(sums, nodeId, version, card, card?.VersionAt(span.First), span);
            }
            foreach (var hour in hours)
            {
                if (daysSummed.Contains(NodeDayUsage.DayOf(hour))) continue;
                var start = hour > from ? hour : from;
                var end = hour.AddHours(1) < to ? hour.AddHours(1) : to;
                AttributeHour(sums, nodeId, node, hour, start, end, hoursUsed.GetValueOrDefault(hour), cardBySupplier);
            }
        }
        foreach (var card in cardBySupplier.Values.OrderBy(c => c.SupplierId, StringComparer.Ordinal))
            AddFixedCharges(sums, card, from, to);
        return sums.Result();
    }

    private static IEnumerable<DateTimeOffset> Hours(DateTimeOffset firstHour, DateTimeOffset to)
    {
        for (var hour = firstHour; hour < to; hour = hour.AddHours(1)) yield return hour;
    }

    private sealed record Entry(SealedGpuUsage Gpu, List<(long First, long Last)> Runs);

    private static void AttributeHour(
        Sums sums, string nodeId, FleetNode? node, DateTimeOffset hour, DateTimeOffset start, DateTimeOffset end,
        NodeHourUsage? usage, IReadOnlyDictionary<string, CostCard> cards)
    {
        var entries = usage?.Windows.SelectMany(w => w.Gpus).Select(g => new Entry(g, [.. Runs.ParseRanges(g.Seconds)])).ToList() ?? [];
        // Within each piece between these instants the node's version and its card's version stay the same.
        var cuts = new SortedSet<DateTimeOffset> { start, end };
        if (node is not null)
        {
            cuts.UnionWith(node.ChangesWithin(start, end));
            foreach (var supplier in node.Versions.Select(v => v.SupplierId).Distinct())
                if (cards.TryGetValue(supplier, out var card)) cuts.UnionWith(card.ChangesWithin(start, end));
        }
        var instants = cuts.ToList();
        for (var i = 0; i + 1 < instants.Count; i++)
        {
            var version = node?.HeldAt(instants[i]);
            var card = version is null ? null : cards.GetValueOrDefault(version.SupplierId);
            AttributePiece(sums, nodeId, version, card, card?.VersionAt(instants[i]),
                (long)(instants[i] - hour).TotalSeconds, (long)(instants[i + 1] - hour).TotalSeconds, entries);
        }
    }

    /// <summary>Seconds [<paramref name="first"/>, <paramref name="end"/>) of the hour, under one node version and one card version.</summary>
    private static void AttributePiece(
        Sums sums, string nodeId, NodeVersion? version, CostCard? card, CostCardVersion? cardVersion, long first, long end, List<Entry> entries)
    {
        var pieces = new Dictionary<CostKey, List<(long First, long End, long Units, string? Tenant)>>();
        var gpusSeen = new Dictionary<CostKey, HashSet<string>>();
        foreach (var entry in entries)
        {
            var within = entry.Runs.Select(r => (First: Math.Max(r.First, first), End: Math.Min(r.Last + 1, end))).Where(r => r.First < r.End).ToList();
            if (within.Count == 0) continue;
            var gpu = entry.Gpu;
            if (!TryCostKey(version, gpu, out var key, out var units, out var reason))
            {
                sums.Uncosted(new(nodeId, gpu.Model, gpu.MigProfile, reason, within.Sum(r => r.End - r.First)));
                continue;
            }
            pieces.TryAdd(key, []);
            gpusSeen.TryAdd(key, new HashSet<string>(StringComparer.Ordinal));
            gpusSeen[key].Add(gpu.GpuUuid);
            pieces[key].AddRange(within.Select(r => (r.First, r.End, (long)units, gpu.TenantId)));

            // A ledger entry's energy is priced by the card version in force at its first second.
            if (gpu.EnergyJoules != 0 && entry.Runs[0].First >= first && entry.Runs[0].First < end
                && cardVersion?.Terms.EnergyPricePerKWh is { } energyPrice && card is not null)
                sums.Energy(new LineKey(version!.SupplierId, card.Currency.Code, CostClasses.Energy, nodeId, version.Site, gpu.Model, gpu.MigProfile, gpu.TenantId, null),
                    energyPrice, gpu.EnergyJoules);
        }
        if (version is null) return;

        foreach (var holding in version.Gpus)
        {
            var key = holding.Key;
            var perGpu = holding.UnitsPerGpu;
            var use = Sweep(holding.Count * (long)perGpu, first, end, pieces.GetValueOrDefault(key) ?? []);
            var price = cardVersion?.Terms.PriceOf(key)?.PricePerGpuHour;
            sums.Holding(new HoldingUse(nodeId, key.Model, key.MigProfile, holding.Count, gpusSeen.GetValueOrDefault(key)?.Count ?? 0,
                (decimal)(holding.Count * (long)perGpu * (end - first)) / perGpu, (decimal)use.Reported / perGpu,
                (decimal)use.Unreported / perGpu, (decimal)use.Beyond / perGpu), gpusSeen.GetValueOrDefault(key));
            if (card is null || price is not { } perHour)
            {
                sums.Unpriced(new(nodeId, version.SupplierId, key.Model, key.MigProfile,
                    card is null ? $"Supplier '{version.SupplierId}' has no cost card." : cardVersion is null
                        ? $"No version of the cost card of '{version.SupplierId}' is in force yet."
                        : $"The cost card of '{version.SupplierId}' has no price for {key}.",
                    (decimal)(holding.Count * (long)perGpu * (end - first)) / perGpu));
                continue;
            }
            LineKey Line(string costClass, string? tenant) =>
                new(version.SupplierId, card.Currency.Code, costClass, nodeId, version.Site, key.Model, key.MigProfile, tenant, null);
            foreach (var (tenant, unitSeconds) in use.ByTenant) sums.GpuTime(Line(CostClasses.Allocated, tenant), perHour, perGpu, unitSeconds);
            sums.GpuTime(Line(CostClasses.Unallocated, null), perHour, perGpu, use.Unallocated);
            sums.GpuTime(Line(CostClasses.Unreported, null), perHour, perGpu, use.Unreported);
        }
    }

    /// <summary>
    /// Whole days of a node under one version and one card version, from their sums: what tenants held,
    /// what was reported and held by nobody, and what was held and not reported at all, which is the
    /// held unit-seconds less the reported ones, since a standing day never reports more than is held.
    /// </summary>
    private static void AttributeDays(Sums sums, string nodeId, NodeVersion version, CostCard? card, CostCardVersion? cardVersion, StandingDays day)
    {
        var seconds = 24L * SecondsPerHour * day.Days.Count;
        var byKey = new Dictionary<CostKey, (Dictionary<string, long> ByTenant, long Unallocated, long Reported, HashSet<string> Gpus)>();
        foreach (var gpu in day.Gpus)
        {
            var (key, units) = CostedAs(version, gpu.Model, gpu.MigProfile)!.Value;
            if (!byKey.TryGetValue(key, out var use)) byKey[key] = use = (new Dictionary<string, long>(StringComparer.Ordinal), 0, 0, new HashSet<string>(StringComparer.Ordinal));
            var unitSeconds = units * gpu.GpuSeconds;
            if (gpu.TenantId is { } tenant) use.ByTenant[tenant] = use.ByTenant.GetValueOrDefault(tenant) + unitSeconds;
            use.Gpus.Add(gpu.GpuUuid);
            byKey[key] = use with { Unallocated = use.Unallocated + (gpu.TenantId is null ? unitSeconds : 0), Reported = use.Reported + unitSeconds };
            if (gpu.EnergyJoules != 0 && cardVersion?.Terms.EnergyPricePerKWh is { } energyPrice && card is not null)
                sums.Energy(new LineKey(version.SupplierId, card.Currency.Code, CostClasses.Energy, nodeId, version.Site, gpu.Model, gpu.MigProfile, gpu.TenantId, null),
                    energyPrice, gpu.EnergyJoules);
        }
        foreach (var holding in version.Gpus)
        {
            var key = holding.Key;
            var perGpu = holding.UnitsPerGpu;
            var held = holding.Count * (long)perGpu * seconds;
            var use = byKey.GetValueOrDefault(key, (new Dictionary<string, long>(), 0, 0, new HashSet<string>(StringComparer.Ordinal)));
            sums.Holding(new HoldingUse(nodeId, key.Model, key.MigProfile, holding.Count, use.Gpus.Count,
                (decimal)held / perGpu, (decimal)use.Reported / perGpu, (decimal)(held - use.Reported) / perGpu, 0m), use.Gpus);
            var price = cardVersion?.Terms.PriceOf(key)?.PricePerGpuHour;
            if (card is null || price is not { } perHour)
            {
                sums.Unpriced(new(nodeId, version.SupplierId, key.Model, key.MigProfile,
                    card is null ? $"Supplier '{version.SupplierId}' has no cost card." : cardVersion is null
                        ? $"No version of the cost card of '{version.SupplierId}' is in force yet."
                        : $"The cost card of '{version.SupplierId}' has no price for {key}.",
                    (decimal)held / perGpu));
                continue;
            }
            LineKey Line(string costClass, string? tenant) =>
                new(version.SupplierId, card.Currency.Code, costClass, nodeId, version.Site, key.Model, key.MigProfile, tenant, null);
            foreach (var (tenant, unitSeconds) in use.ByTenant) sums.GpuTime(Line(CostClasses.Allocated, tenant), perHour, perGpu, unitSeconds);
            sums.GpuTime(Line(CostClasses.Unallocated, null), perHour, perGpu, use.Unallocated);
            sums.GpuTime(Line(CostClasses.Unreported, null), perHour, perGpu, held - use.Reported);
        }
    }

    /// <summary>
    /// What an entry of the ledger is costed as under <paramref name="version"/>: the holding of its own
    /// model and profile (a whole GPU of a partitioned holding is all of its slices), or else a slice's
    /// share of a partitioned whole GPU of its model; null when the version holds neither.
    /// </summary>
    public static (CostKey Key, int Units)? CostedAs(NodeVersion version, string model, string? migProfile)
    {
        if (version.Holding(new CostKey(model, migProfile)) is { } own) return (own.Key, own.UnitsPerGpu);
        if (migProfile is { } profile && version.Holding(new CostKey(model, null)) is { MigComputeSlices: not null } whole
            && MigShares.ComputeSlicesOf(profile) is { } slices && slices <= whole.UnitsPerGpu)
            return (whole.Key, slices);
        return null;
    }

    private static bool TryCostKey(NodeVersion? version, SealedGpuUsage gpu, out CostKey key, out int units, out string reason)
    {
        key = new CostKey(gpu.Model, gpu.MigProfile);
        units = 0;
        reason = "";
        if (version is null)
        {
            reason = "not-registered";
            return false;
        }
        if (CostedAs(version, gpu.Model, gpu.MigProfile) is { } costed)
        {
            (key, units) = costed;
            return true;
        }
        reason = "model-not-held";
        return false;
    }

    private sealed record Use(Dictionary<string, long> ByTenant, long Unallocated, long Unreported, long Reported, long Beyond);

    /// <summary>
    /// Second by second, in units of the holding: what tenants held, and of the rest of <paramref name="held"/>
    /// what was reported unallocated and what not at all. Where tenants held more than is registered
    /// (the inventory is behind), each tenant is still costed its time and the excess is counted apart.
    /// </summary>
    private static Use Sweep(long held, long first, long end, List<(long First, long End, long Units, string? Tenant)> pieces)
    {
        var byTenant = new Dictionary<string, long>(StringComparer.Ordinal);
        var changes = new SortedDictionary<long, (long Allocated, long Reported)> { [first] = (0, 0), [end] = (0, 0) };
        foreach (var (start, stop, units, tenant) in pieces)
        {
            if (tenant is not null) byTenant[tenant] = byTenant.GetValueOrDefault(tenant) + units * (stop - start);
            var allocated = tenant is null ? 0 : units;
            changes[start] = (changes.GetValueOrDefault(start).Allocated + allocated, changes.GetValueOrDefault(start).Reported + units);
            changes[stop] = (changes.GetValueOrDefault(stop).Allocated - allocated, changes.GetValueOrDefault(stop).Reported - units);
        }
        long allocatedNow = 0, reportedNow = 0, unallocated = 0, unreported = 0, reported = 0, beyond = 0;
        long? previous = null;
        foreach (var (at, change) in changes)
        {
            if (previous is { } since && at > since)
            {
                var length = at - since;
                var idle = Math.Max(0, held - allocatedNow);
                var idleReported = Math.Min(idle, Math.Max(0, reportedNow - allocatedNow));
                unallocated += idleReported * length;
                unreported += (idle - idleReported) * length;
                reported += Math.Min(held, reportedNow) * length;
                beyond += Math.Max(0, allocatedNow - held) * length;
            }
            allocatedNow += change.Allocated;
            reportedNow += change.Reported;
            previous = at;
        }
        return new Use(byTenant, unallocated, unreported, reported, beyond);
    }

    /// <summary>A month's fixed charges, by the card version in force at its first second, fall in the period holding that second.</summary>
    private static void AddFixedCharges(Sums sums, CostCard card, DateTimeOffset from, DateTimeOffset to)
    {
        var month = new DateTimeOffset(from.Year, from.Month, 1, 0, 0, 0, TimeSpan.Zero);
        if (month < from) month = month.AddMonths(1);
        for (; month < to; month = month.AddMonths(1))
            foreach (var charge in card.VersionAt(month)?.Terms.FixedCharges ?? [])
                sums.Fixed(new LineKey(card.SupplierId, card.Currency.Code, CostClasses.Fixed, null, null, null, null, null, charge.Description), charge.AmountPerMonth);
    }

    private sealed record LineKey(string SupplierId, string Currency, string Class, string? NodeId, string? Site, string? Model, string? MigProfile, string? TenantId, string? Description);

    /// <summary>
    /// Unit-seconds are summed per line and price, and turned into money once per line at the end, so
    /// a line's amount is the exact price times its time, not a sum of per-second fractions.
    /// </summary>
    private sealed class Sums
    {
        private readonly Dictionary<LineKey, Dictionary<(decimal PricePerHour, int UnitsPerGpu), long>> _time = [];
        private readonly Dictionary<LineKey, Dictionary<decimal, decimal>> _energy = [];
        private readonly Dictionary<LineKey, decimal> _fixed = [];
        private readonly Dictionary<(string NodeId, string Model, string? MigProfile, string Reason), long> _uncosted = [];
        private readonly Dictionary<(string NodeId, string SupplierId, string Model, string? MigProfile, string Reason), decimal> _unpriced = [];
        private readonly Dictionary<(string NodeId, string Model, string? MigProfile), (HoldingUse Use, HashSet<string> Gpus)> _holdings = [];

        public void GpuTime(LineKey line, decimal pricePerHour, int unitsPerGpu, long unitSeconds)
        {
            if (unitSeconds == 0) return;
            var byPrice = _time.TryGetValue(line, out var known) ? known : _time[line] = [];
            byPrice[(pricePerHour, unitsPerGpu)] = byPrice.GetValueOrDefault((pricePerHour, unitsPerGpu)) + unitSeconds;
        }

        public void Energy(LineKey line, decimal pricePerKWh, decimal joules)
        {
            var byPrice = _energy.TryGetValue(line, out var known) ? known : _energy[line] = [];
            byPrice[pricePerKWh] = byPrice.GetValueOrDefault(pricePerKWh) + joules;
        }

        public void Fixed(LineKey line, decimal amount) => _fixed[line] = _fixed.GetValueOrDefault(line) + amount;

        public void Uncosted(UncostedUsage usage)
        {
            var key = (usage.NodeId, usage.Model, usage.MigProfile, usage.Reason);
            _uncosted[key] = _uncosted.GetValueOrDefault(key) + usage.GpuSeconds;
        }

        public void Unpriced(UnpricedHolding holding)
        {
            var key = (holding.NodeId, holding.SupplierId, holding.Model, holding.MigProfile, holding.Reason);
            _unpriced[key] = _unpriced.GetValueOrDefault(key) + holding.GpuSeconds;
        }

        public void Holding(HoldingUse use, HashSet<string>? gpus)
        {
            var key = (use.NodeId, use.Model, use.MigProfile);
            if (!_holdings.TryGetValue(key, out var known))
            {
                _holdings[key] = (use, gpus is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(gpus, StringComparer.Ordinal));
                return;
            }
            if (gpus is not null) known.Gpus.UnionWith(gpus);
            _holdings[key] = (known.Use with
            {
                RegisteredGpus = Math.Max(known.Use.RegisteredGpus, use.RegisteredGpus),
                HeldGpuSeconds = known.Use.HeldGpuSeconds + use.HeldGpuSeconds,
                ReportedGpuSeconds = known.Use.ReportedGpuSeconds + use.ReportedGpuSeconds,
                UnreportedGpuSeconds = known.Use.UnreportedGpuSeconds + use.UnreportedGpuSeconds,
                BeyondRegisteredGpuSeconds = known.Use.BeyondRegisteredGpuSeconds + use.BeyondRegisteredGpuSeconds,
            }, known.Gpus);
        }

        public CostAttribution Result()
        {
            var lines = new Dictionary<LineKey, CostLine>();
            CostLine Empty(LineKey k) => new(k.SupplierId, k.Currency, k.Class, k.NodeId, k.Site, k.Model, k.MigProfile, k.TenantId, k.Description, 0m, 0m, 0m);
            foreach (var (key, byPrice) in _time)
                lines[key] = Empty(key) with
                {
                    GpuSeconds = byPrice.GroupBy(p => p.Key.UnitsPerGpu).Sum(g => (decimal)g.Sum(p => p.Value) / g.Key),
                    Amount = byPrice.Sum(p => p.Key.PricePerHour * p.Value / (SecondsPerHour * p.Key.UnitsPerGpu)),
                };
            foreach (var (key, byPrice) in _energy)
                lines[key] = Empty(key) with
                {
                    EnergyJoules = byPrice.Sum(p => p.Value),
                    Amount = byPrice.Sum(p => p.Key * p.Value / JoulesPerKWh),
                };
            foreach (var (key, amount) in _fixed) lines[key] = Empty(key) with { Amount = amount };

            return new CostAttribution(
                [.. lines.Values.OrderBy(l => l.SupplierId, StringComparer.Ordinal).ThenBy(l => l.NodeId, StringComparer.Ordinal)
                    .ThenBy(l => l.Model, StringComparer.Ordinal).ThenBy(l => l.MigProfile, StringComparer.Ordinal)
                    .ThenBy(l => l.Class, StringComparer.Ordinal).ThenBy(l => l.TenantId, StringComparer.Ordinal)
                    .ThenBy(l => l.Description, StringComparer.Ordinal)],
                [.. _uncosted.Select(u => new UncostedUsage(u.Key.NodeId, u.Key.Model, u.Key.MigProfile, u.Key.Reason, u.Value))
                    .OrderBy(u => u.NodeId, StringComparer.Ordinal).ThenBy(u => u.Model, StringComparer.Ordinal)],
                [.. _unpriced.Select(u => new UnpricedHolding(u.Key.NodeId, u.Key.SupplierId, u.Key.Model, u.Key.MigProfile, u.Key.Reason, u.Value))
                    .OrderBy(u => u.NodeId, StringComparer.Ordinal).ThenBy(u => u.Model, StringComparer.Ordinal)],
                [.. _holdings.Values.Select(h => h.Use with { GpusReported = h.Gpus.Count })
                    .OrderBy(h => h.NodeId, StringComparer.Ordinal).ThenBy(h => h.Model, StringComparer.Ordinal).ThenBy(h => h.MigProfile, StringComparer.Ordinal)]);
        }
    }
}
