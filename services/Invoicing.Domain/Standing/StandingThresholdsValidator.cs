using FluentValidation;
using GpuBilling.Money;

namespace Invoicing.Standing;

/// <param name="LowBalance">Credit left below it is low; absent: not set.</param>
/// <param name="LowHours">Credit left for fewer hours of the current burn is low; absent: not set.</param>
/// <param name="SpendLimit">A billing period's charges before tax reaching it is over the limit; absent: not set.</param>
public sealed record StandingThresholdsRequest(decimal? LowBalance, decimal? LowHours, decimal? SpendLimit);

/// <summary>
/// Thresholds in the billing account's currency, at its minor unit (an amount a tenant could never
/// see on an invoice is a mistake). Every problem names its field.
/// </summary>
public sealed class StandingThresholdsValidator : AbstractValidator<StandingThresholdsRequest>
{
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>A year: a warning further out than that says nothing a scheduler can act on.</summary>
    public const decimal MaxHours = 8760m;

    public StandingThresholdsValidator(Currency currency)
    {
        RuleFor(r => r.LowBalance).Must(a => a is not { } amount || (amount > 0m && amount <= MaxAmount && IsAtMinorUnit(amount, currency)))
            .WithMessage(r => AmountProblem(r.LowBalance, currency));
        RuleFor(r => r.SpendLimit).Must(a => a is not { } amount || (amount > 0m && amount <= MaxAmount && IsAtMinorUnit(amount, currency)))
            .WithMessage(r => AmountProblem(r.SpendLimit, currency));
        RuleFor(r => r.LowHours).Must(h => h is null or > 0m and <= MaxHours)
            .WithMessage(r => $"must be more than 0 and at most {MaxHours} hours; {r.LowHours} is not");
    }

    private static bool IsAtMinorUnit(decimal amount, Currency currency) => decimal.Round(amount, currency.MinorUnits) == amount;

    private static string AmountProblem(decimal? amount, Currency currency) =>
        $"must be more than 0 and at most {MaxAmount}, a whole number of {currency}'s minor unit ({currency.MinorUnits} decimals); {amount} is not";
}
