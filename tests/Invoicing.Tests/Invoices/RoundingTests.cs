using GpuBilling.Periods;
using Invoicing.Invoices;
using Invoicing.Periods;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices;

public class RoundingTests
{
    [Theory]
    // Three half cents round to even (0.00 each) and are not summed first: the subtotal is 10.02, not 10.03.
    [InlineData("USD", "America/New_York", "0.005 0.005 0.005 10.015", "0.00 0.00 0.00 10.02", "10.02", "1.00", "11.02")]
    // Yen have no minor unit: 100.5 → 100, 105.3 → 105; tax 20.5 → 20 (half to even).
    [InlineData("JPY", "Asia/Tokyo", "100.5 105.3", "100 105", "205", "20", "225")]
    // Dinars have three: 1.0005 → 1.000, 2.0045 → 2.004; tax 0.3005 → 0.300.
    [InlineData("BHD", "Asia/Bahrain", "1.0005 2.0045 0.0010", "1.000 2.004 0.001", "3.005", "0.300", "3.305")]
    public void Lines_and_tax_round_once_half_to_even_at_the_currencys_minor_unit(
        string currency, string zone, string amounts, string lines, string subtotal, string tax, string total)
    {
        var account = Account(tenant: "t-" + currency.ToLowerInvariant(), currency: currency, zone: zone, taxRate: 0.10m);
        var period = BillingPeriod.Containing(At("2025-03-15T12:00:00Z"), account);
        var charges = amounts.Split(' ').Select((amount, i) => Charge(
            $"GPU time {i + 1}", "gpu-time", $"model-{i + 1}/on-demand", 1m, "GPU-hour", decimal.Parse(amount), period, currency)).ToList();

        var finalized = Finalized(period, charges, "N-1", account).Issued();

        Assert.Equal(lines, string.Join(' ', finalized.Lines.Select(l => l.Amount.ToAmountString())));
        Assert.Equal((subtotal, tax, total), (finalized.Subtotal.ToAmountString(), finalized.Tax.ToAmountString(), finalized.Total.ToAmountString()));
        Assert.All(finalized.Lines, l => Assert.Equal(currency, l.Amount.Currency.Code));
    }

    [Fact]
    public void Without_a_tax_rate_there_is_no_tax()
    {
        var account = Account(taxRate: null);

        var finalized = Finalized(March, MarchCharges(), "US-2025-000042", account).Issued();

        Assert.Null(finalized.TaxRate);
        Assert.Equal(("3149.30", "0.00", "3149.30"), (finalized.Subtotal.ToAmountString(), finalized.Tax.ToAmountString(), finalized.Total.ToAmountString()));
    }

    [Fact]
    public void Lines_are_numbered_by_what_they_charge_whatever_order_rating_sent_them_in()
    {
        var forward = Finalized(March, MarchCharges(), "US-2025-000042").Issued();
        var backward = Finalized(March, [.. MarchCharges().Reverse()], "US-2025-000042").Issued();

        Assert.Equal(
            forward.Lines.Select(l => (l.Number, l.Description)),
            backward.Lines.Select(l => (l.Number, l.Description)));
    }
}
