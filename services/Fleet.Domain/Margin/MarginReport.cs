using Fleet.Costs;
using Fleet.Revenue;

namespace Fleet.Margin;

/// <summary>
/// One group of a period's revenue and cost in one currency, exact and unrounded but for
/// <see cref="MarginPercent"/>. A dimension not grouped by is null; a null tenant is the operator's
/// (idle capacity, suppliers' fixed charges). <see cref="Revenue"/> is usage, fixed and commitment
/// revenue net of credit notes and promotional credit (both negative). <see cref="Margin"/> is given
/// only where all of the group's revenue and cost are in this one currency; otherwise it is null and
/// <see cref="MarginNote"/> says why: no rate is invented to convert one currency into another.
/// </summary>
/// <param name="MarginPercent">Margin over revenue × 100, to two places, half to even; null where revenue is zero or there is no margin.</param>
public sealed record MarginGroup(
    string? SupplierId, string? NodeId, string? Site, string? Model, string? MigProfile, string? TenantId, string Currency,
    decimal UsageRevenue, decimal FixedRevenue, decimal CommitmentRevenue, decimal CreditNotes, decimal PromotionalCredit, decimal Revenue,
    decimal Cost, decimal IdleCapacityCost, decimal? Margin, decimal? MarginPercent, string? MarginNote);

/// <summary>Revenue and cost side by side for any grouping of supplier, node, site, GPU model and tenant.</summary>
public static class MarginReport
{
    public static readonly IReadOnlyList<string> Dimensions = ["supplier", "node", "site", "model", "tenant"];

    private sealed record Key(string? SupplierId, string? NodeId, string? Site, string? Model, string? MigProfile, string? TenantId);

    /// <summary>The groups in a fixed order: by each dimension (nulls first), then currency. With no dimensions, the period's totals.</summary>
    public static IReadOnlyList<MarginGroup> Of(IEnumerable<RevenueLine> revenue, IEnumerable<CostLine> cost, IReadOnlyCollection<string> by)
    {
        Key KeyOf(string? supplier, string? node, string? site, string? model, string? profile, string? tenant) => new(
            by.Contains("supplier") ? supplier : null, by.Contains("node") ? node : null, by.Contains("site") ? site : null,
            by.Contains("model") ? model : null, by.Contains("model") ? profile : null, by.Contains("tenant") ? tenant : null);

        var revenueByKey = revenue.ToLookup(r => KeyOf(r.SupplierId, r.NodeId, r.Site, r.Model, r.MigProfile, r.TenantId));
        var costByKey = cost.ToLookup(c => KeyOf(c.SupplierId, c.NodeId, c.Site, c.Model, c.MigProfile, c.TenantId));
        var groups = new List<MarginGroup>();
        foreach (var key in revenueByKey.Select(g => g.Key).Union(costByKey.Select(g => g.Key)))
        {
            var earned = revenueByKey[key].ToList();
            var spent = costByKey[key].ToList();
            var revenueCurrencies = earned.Select(r => r.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
            var costCurrencies = spent.Select(c => c.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
            var currencies = revenueCurrencies.Union(costCurrencies).Order(StringComparer.Ordinal).ToList();
            var note = currencies.Count > 1
                ? $"Revenue in {Listed(revenueCurrencies)} and cost in {Listed(costCurrencies)}: a margin exists only within one currency, and none is converted."
                : null;
            foreach (var currency in currencies)
            {
                var inCurrency = earned.Where(r => r.Currency == currency).ToList();
                decimal Part(string part) => inCurrency.Where(r => r.Part == part).Sum(r => r.Amount);
                var totalRevenue = inCurrency.Sum(r => r.Amount);
                var costs = spent.Where(c => c.Currency == currency).ToList();
                var totalCost = costs.Sum(c => c.Amount);
                decimal? margin = note is null ? totalRevenue - totalCost : null;
                groups.Add(new MarginGroup(key.SupplierId, key.NodeId, key.Site, key.Model, key.MigProfile, key.TenantId, currency,
                    Part(RevenueParts.Usage), Part(RevenueParts.Fixed), Part(RevenueParts.Commitment), Part(RevenueParts.CreditNote), Part(RevenueParts.PromotionalCredit),
                    totalRevenue, totalCost, costs.Where(c => CostClasses.IsIdle(c.Class)).Sum(c => c.Amount),
                    margin, margin is { } m && totalRevenue != 0m ? Math.Round(m / totalRevenue * 100m, 2, MidpointRounding.ToEven) : null, note));
            }
        }
        return [.. groups.OrderBy(g => g.SupplierId, StringComparer.Ordinal).ThenBy(g => g.NodeId, StringComparer.Ordinal).ThenBy(g => g.Site, StringComparer.Ordinal)
            .ThenBy(g => g.Model, StringComparer.Ordinal).ThenBy(g => g.MigProfile, StringComparer.Ordinal).ThenBy(g => g.TenantId, StringComparer.Ordinal)
            .ThenBy(g => g.Currency, StringComparer.Ordinal)];
    }

    private static string Listed(IReadOnlyList<string> currencies) => currencies.Count == 0 ? "none" : string.Join(", ", currencies);
}
