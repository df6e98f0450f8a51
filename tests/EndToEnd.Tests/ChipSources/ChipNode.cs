namespace EndToEnd.Tests.ChipSources;

/// <summary>
/// A real node as one source sees it: the chips its recorded tool output shows (under the ids the
/// agent's identity rules give them) and the tenant holding each, or none.
/// </summary>
public sealed record ChipNode(string Source, string NodeId, IReadOnlyDictionary<string, string?> TenantByChip)
{
    public IEnumerable<(string Chip, string Tenant)> Allocations =>
        TenantByChip.Where(c => c.Value is not null).Select(c => (c.Key, c.Value!));

    /// <summary>What every second of the node must hold in the ledger: each chip, under its tenant or none.</summary>
    public HashSet<(string Chip, string? Tenant)> ExpectedSecond => TenantByChip.Select(c => (c.Key, c.Value)).ToHashSet();

    /// <summary>Each tenant's chips, from the allocations alone.</summary>
    public Dictionary<string, int> ChipsByTenant =>
        Allocations.GroupBy(a => a.Tenant).ToDictionary(g => g.Key, g => g.Count());
}
