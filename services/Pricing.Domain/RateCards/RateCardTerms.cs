namespace Pricing.RateCards;

/// <summary>
/// Everything one version of a rate card charges. Every amount is an exact decimal in the
/// card's currency (a card has exactly one), so the terms carry no currency of their own.
/// </summary>
public sealed record RateCardTerms
{
    /// <summary>One per price key: how GPU time of that key is priced.</summary>
    public required IReadOnlyList<Rate> Rates { get; init; }

    /// <summary>How each allocation's time is counted before it is priced.</summary>
    public BillingIncrement Increment { get; init; } = BillingIncrement.PerSecond;

    /// <summary>An allocation shorter than this is billed this long. Whole seconds (whole minutes under a per-minute increment).</summary>
    public TimeSpan? MinimumDuration { get; init; }

    /// <summary>A committed spend or quantity per billing period, at a discount.</summary>
    public Commitment? Commitment { get; init; }

    /// <summary>Fixed charges per billing period, whatever the usage.</summary>
    public IReadOnlyList<ReservedGpus> ReservedGpus { get; init; } = [];

    /// <summary>The price of energy as a second meter; null when energy is not billed.</summary>
    public decimal? EnergyPricePerKWh { get; init; }

    public Rate? RateFor(PriceKey key) => Rates.FirstOrDefault(r => r.Key == key);
}

/// <summary>
/// How one price key is priced. Per unit: <see cref="PricePerGpuHour"/>. Graduated and volume:
/// <see cref="Tiers"/> by GPU-hours in the billing period. A flat record rather than a type
/// per model so the event stays one plain JSON shape.
/// </summary>
/// <param name="Tiers">Null where a per-unit rate was published without any: stored so, and answered so.</param>
public sealed record Rate(PriceKey Key, PricingModel Model, decimal? PricePerGpuHour, IReadOnlyList<Tier>? Tiers)
{
    public static Rate PerUnit(PriceKey key, decimal pricePerGpuHour) => new(key, PricingModel.PerUnit, pricePerGpuHour, []);

    public static Rate Graduated(PriceKey key, params Tier[] tiers) => new(key, PricingModel.Graduated, null, tiers);

    public static Rate Volume(PriceKey key, params Tier[] tiers) => new(key, PricingModel.Volume, null, tiers);
}

/// <remarks>Stored by value in events: never renumber.</remarks>
public enum PricingModel
{
    /// <summary>Every GPU-hour at one price.</summary>
    PerUnit = 0,

    /// <summary>Each GPU-hour at the price of the tier it falls in; the flat fee of every tier reached.</summary>
    Graduated = 1,

    /// <summary>Every GPU-hour at the price of the tier the period's total reaches; that tier's flat fee only.</summary>
    Volume = 2,
}

/// <summary>
/// A band of GPU-hours in the billing period, from the previous tier's <see cref="UpToGpuHours"/>
/// (exclusive) up to its own (inclusive); null for the last, unbounded tier.
/// </summary>
public sealed record Tier(decimal? UpToGpuHours, decimal PricePerGpuHour, decimal? FlatFee = null);

/// <remarks>Stored by value in events: never renumber.</remarks>
public enum BillingIncrement
{
    /// <summary>Every second counts as itself.</summary>
    PerSecond = 0,

    /// <summary>Each allocation's time in the period is rounded up to the whole minute.</summary>
    PerMinute = 1,
}

/// <summary>
/// A commitment for each billing period, bought at <see cref="DiscountPercent"/> off GPU-time usage.
/// Spend: <see cref="Amount"/> of money; what the discounted usage falls short of it is billed.
/// Quantity: <see cref="Amount"/> GPU-hours of <see cref="Key"/> (a per-unit key); the hours not
/// used are billed at that key's discounted price.
/// </summary>
public sealed record Commitment(CommitmentKind Kind, decimal Amount, decimal DiscountPercent, PriceKey? Key = null)
{
    public static Commitment Spend(decimal amount, decimal discountPercent) => new(CommitmentKind.Spend, amount, discountPercent);

    public static Commitment Quantity(PriceKey key, decimal gpuHours, decimal discountPercent) =>
        new(CommitmentKind.Quantity, gpuHours, discountPercent, key);
}

/// <remarks>Stored by value in events: never renumber.</remarks>
public enum CommitmentKind
{
    Spend = 0,
    Quantity = 1,
}

/// <summary>GPUs reserved for the tenant: <see cref="Count"/> × <see cref="PricePerPeriod"/> every billing period.</summary>
public sealed record ReservedGpus(string GpuModel, int Count, decimal PricePerPeriod);
