using System.Globalization;

namespace Metering.Money;

/// <summary>
/// An exact amount in one currency. Arithmetic keeps full decimal precision; rounding happens
/// only where an invoice line is written, by <see cref="RoundToMinorUnit"/>, the one rule:
/// half to even at the currency's minor unit.
/// </summary>
public readonly record struct Money(decimal Amount, Currency Currency)
{
    public static Money Zero(Currency currency) => new(0m, currency);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, SameCurrency(a, b));

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, SameCurrency(a, b));

    public static Money operator *(Money money, decimal factor) => new(money.Amount * factor, money.Currency);

    /// <summary>Half to even (banker's rounding) at the minor unit, so rounding errors do not drift one way over many lines.</summary>
    public Money RoundToMinorUnit() => new(Math.Round(Amount, Currency.MinorUnits, MidpointRounding.ToEven), Currency);

    public bool IsRounded => decimal.Round(Amount, Currency.MinorUnits) == Amount;

    /// <summary>The amount as exact decimal text with the currency's minor digits, as it crosses every boundary.</summary>
    public string ToAmountString() => Amount.ToString(IsRounded ? $"F{Currency.MinorUnits}" : "0.############################", CultureInfo.InvariantCulture);

    public override string ToString() => $"{ToAmountString()} {Currency.Code}";

    private static Currency SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
