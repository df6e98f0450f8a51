using GpuBilling.Money;

namespace GpuBilling.Money.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("USD", "2.345", "2.34")]
    [InlineData("USD", "2.355", "2.36")]
    [InlineData("USD", "-2.345", "-2.34")]
    [InlineData("JPY", "1234.5", "1234")]
    [InlineData("JPY", "1235.5", "1236")]
    [InlineData("BHD", "0.0125", "0.012")]
    [InlineData("BHD", "0.0135", "0.014")]
    public void Lines_round_half_to_even_at_the_currencys_minor_unit(string currency, string amount, string rounded)
    {
        var money = new Money(decimal.Parse(amount), Currency.Of(currency));

        Assert.Equal(rounded, money.RoundToMinorUnit().ToAmountString());
    }

    [Theory]
    [InlineData("10", "USD", "10.00")]
    [InlineData("10.5", "EUR", "10.50")]
    [InlineData("10.005", "USD", "10.00")]
    [InlineData("10.4", "JPY", "10")]
    [InlineData("7.0005", "BHD", "7.000")]
    public void A_rounded_amount_carries_exactly_the_minor_digits_as_every_serializer_writes_it(string amount, string currency, string written)
    {
        var rounded = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(currency)).RoundToMinorUnit();

        Assert.Equal(written, rounded.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(written, System.Text.Json.JsonSerializer.Serialize(rounded.Amount));
    }

    [Fact]
    public void Zero_is_written_with_the_minor_digits_too() =>
        Assert.Equal("0.00", Money.Zero(Currency.Of("USD")).Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Amounts_of_different_currencies_do_not_add()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Money(1m, Currency.Of("USD")) + new Money(1m, Currency.Of("EUR")));

        Assert.Equal("Cannot combine USD and EUR.", error.Message);
    }

    [Fact]
    public void An_unrounded_amount_keeps_every_digit_as_text()
    {
        Assert.Equal("0.0002777777777777777777777778", new Money(1m / 3600m, Currency.Of("USD")).ToAmountString());
        Assert.Equal("12.30", new Money(12.3m, Currency.Of("USD")).ToAmountString());
        Assert.Equal("5", new Money(5m, Currency.Of("JPY")).ToAmountString());
    }

    [Fact]
    public void An_unknown_currency_is_refused()
    {
        Assert.False(Currency.TryOf("XYZ", out _));
        Assert.Throws<ArgumentException>(() => Currency.Of("XYZ"));
    }
}
