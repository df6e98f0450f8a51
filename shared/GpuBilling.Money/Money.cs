using System.Globalization;

namespace GpuBilling.Money;

/// <summary>
/// An exact amount in one currency. Arithmetic keeps full decimal precision; rounding happens
/// only where an invoice line is written, by <see cref="RoundToMinorUnit"/>, the one rule:
/// half to even at the currency's minor unit.
/// </summary>
public readonly record struct Money(decimal Amount, Currency Currency)
{
    public static Money Zero(Currency currency) => new(ZeroAtMinorScale(currency), currency);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, SameCurrency(a, b));

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, SameCurrency(a, b));

    public static Money operator *(Money money, decimal factor) => new(money.Amount * factor, money.Currency);

    /// <summary>
    /// Half to even (banker's rounding) at the minor unit, so rounding errors do not drift one way
    /// over many lines; written with exactly the minor digits, so an invoice total reads "10.00", not "10".
    /// </summary>
    public Money RoundToMinorUnit() => new(Math.Round(Amount, Currency.MinorUnits, MidpointRounding.ToEven) + ZeroAtMinorScale(Currency), Currency);

    public bool IsRounded => decimal.Round(Amount, Currency.MinorUnits) == Amount;

    /// <summary>The amount as exact decimal text with the currency's minor digits, as it crosses every boundary.</summary>
    public string ToAmountString() => Amount.ToString(IsRounded ? $"F{Currency.MinorUnits}" : "0.############################", CultureInfo.InvariantCulture);

    public override string ToString() => $"{ToAmountString()} {Currency.Code}";

    /// <summary>Zero with the currency's minor digits (0.00): a decimal sum keeps the larger scale of its terms, and rounding never adds digits.</summary>
    private static decimal ZeroAtMinorScale(Currency currency) => new(0, 0, 0, false, (byte)currency.MinorUnits);

    private static Currency SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
