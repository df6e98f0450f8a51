namespace Pricing;

/// <summary>Pricing owns this PostgreSQL schema; no other service reads it.</summary>
public static class PricingSchema
{
    public const string Name = "pricing";
}
