using Pricing.Accrual;
using Pricing.RateCards;

namespace Pricing;

/// <summary>Pricing's schema and the events its streams hold: a stream per rate card and per tenant's billing period.</summary>
public static class PricingEvents
{
    public const string Schema = "pricing";

    public static IReadOnlyList<Type> Types { get; } = [typeof(RateCardVersionPublished), typeof(PeriodOpened), typeof(UsageAccrued)];
}
