using GpuBilling.Money;
using Invoicing.Credits;
using Invoicing.Ratings;
using Invoicing.Standing;
using Metering.Contracts;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Standing;

/// <summary>Acme's standing in March, its figures computed the way a review computes them.</summary>
public static class StandingSamples
{
    public static readonly DateTimeOffset Now = At("2025-03-10T12:00:00Z");

    public static readonly DateTimeOffset Through = At("2025-03-10T11:59:30Z");

    public static PeriodCharges Kept(PeriodRated rated) => new(PeriodCharges.KeyFor(rated.TenantId, rated.PeriodStart), rated);

    public static ChargesEstimated Estimate(long totalsVersion, decimal unsealed, decimal burnPerHour, string currency = "USD") => new()
    {
        TenantId = "acme",
        PeriodStart = March.Start,
        PeriodEnd = March.End,
        CurrencyCode = currency,
        TotalsVersion = totalsVersion,
        UnsealedCharges = unsealed,
        UnsealedGpuSeconds = 600,
        UsageThrough = Through,
        BurnRatePerHour = burnPerHour,
        EstimatedAt = Now,
    };

    public static StandingFigures FiguresOf(
        CreditBalance? credit, PeriodRated? rated, ChargesEstimated? estimate, decimal? taxRate = 0.08875m, string currency = "USD") =>
        StandingCalculation.Of(new StandingInputs("acme", Currency.Of(currency), taxRate, credit, March.Start,
            [new PeriodUsage(Credits.CreditSamples.MarchId, March.Start, rated is null ? null : Kept(rated), estimate)], Now));

    /// <summary>Figures as a review would hand them to the decision, in USD.</summary>
    public static StandingFigures Figures(
        decimal? balance, decimal periodCharges = 0m, int grants = 1, decimal? burn = null, TimeSpan? lasts = null, DateTimeOffset? periodStart = null) =>
        new(Currency.Of("USD"), balance is null ? null : Usd(balance.Value), null, null, Usd(periodCharges), burn,
            lasts is { } l ? Through + l : null, Through, periodStart ?? March.Start, 1, null, grants);

    public static StandingState? Replay(IEnumerable<StandingEvent> events) =>
        events.Aggregate((StandingState?)null, (state, e) => StandingState.Evolve(state, e));

    public static IReadOnlyList<StandingEvent> Review(this List<StandingEvent> stream, StandingFigures figures, string cause = "estimate")
    {
        var events = StandingDecision.Decide(new ReviewStanding("acme", figures, cause, Now, StandingSweep.Standing), Replay(stream));
        stream.AddRange(events);
        return events;
    }

    public static List<StandingEvent> WithThresholds(decimal? lowBalance = null, decimal? lowHours = null, decimal? spendLimit = null) =>
        [.. StandingDecision.Decide(new SetStandingThresholds("acme", Currency.Of("USD"), new StandingThresholds(lowBalance, lowHours, spendLimit), Now, Finance), null)];

    public static StandingStatus Status(this List<StandingEvent> stream) => Replay(stream)?.Status ?? StandingStatus.Ok;
}
