using Metering.Money;

namespace Metering.Money.Tests;

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
