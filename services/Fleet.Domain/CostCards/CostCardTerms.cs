using System.Text.Json.Serialization;
using Fleet.Inventory;

namespace Fleet.CostCards;

/// <summary>
/// What a supplier charges in one version of its cost card, every amount an exact decimal in the
/// card's one currency. A GPU is paid for every second it is held, whether or not a tenant uses it.
/// </summary>
public sealed record CostCardTerms
{
    /// <summary>One per model (and MIG profile, for slices rented as such).</summary>
    public required IReadOnlyList<GpuPrice> Prices { get; init; }

    /// <summary>Fixed charges per calendar month in UTC, whatever is held (reserved capacity, racks, a support contract).</summary>
    public IReadOnlyList<FixedCharge> FixedCharges { get; init; } = [];

    /// <summary>The price of energy the GPUs draw, per kWh; null when energy is not charged separately.</summary>
    public decimal? EnergyPricePerKWh { get; init; }

    public GpuPrice? PriceOf(CostKey key) => Prices.FirstOrDefault(p => p.Key == key);
}

/// <summary>Every second a GPU of <paramref name="Model"/> (a slice of <paramref name="MigProfile"/>, when set) is held costs <paramref name="PricePerGpuHour"/> / 3600.</summary>
public sealed record GpuPrice(string Model, string? MigProfile, decimal PricePerGpuHour)
{
    // Derived, so never written: an event's hash covers what it stores.
    [JsonIgnore]
    public CostKey Key => new(Model, MigProfile);
}

public sealed record FixedCharge(string Description, decimal AmountPerMonth);
