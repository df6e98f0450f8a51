using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Invoicing.BillingAccounts;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.BillingAccounts;

public class BillingAccountDecisionTests
{
    private static readonly DateTimeOffset Now = At("2025-02-20T10:00:00Z");

    private static BillingAccountState Given(params BillingAccountEvent[] history) =>
        history.Aggregate((BillingAccountState?)null, BillingAccountState.Evolve)!;

    [Fact]
    public void A_valid_account_opens_and_records_who_opened_it()
    {
        var opened = Assert.IsType<BillingAccountOpened>(Assert.Single(BillingAccountDecision.Decide(new OpenBillingAccount(Acme, Now, Finance), null)));

        Assert.Equal("acme", opened.TenantId);
        Assert.Equal(Acme, opened.Account);
        Assert.Equal(Now, opened.OccurredAt);
        Assert.Equal(Finance, opened.CausedBy);
        Assert.Equal(HashChain.HashOf(HashChain.Genesis, opened), opened.Hash);
    }

    [Fact]
    public void An_invalid_account_is_refused_with_every_problem_naming_its_field()
    {
        var account = Account(currency: "XYZ", zone: "Mars/Olympus_Mons", anchorDay: 0, taxRate: 1.5m, paymentTermsDays: -1) with
        {
            Issuer = Acme.Issuer with { TaxId = null },
            RateCardId = "",
            Customer = Acme.Customer with { Address = Acme.Customer.Address with { CountryCode = "Germany" } },
        };

        var refused = Assert.Throws<CommandRefused>(() => BillingAccountDecision.Decide(new OpenBillingAccount(account, Now, Finance), null));

        Assert.Equal(Refusal.Invalid, refused.Reason);
        Assert.Equal(
            ["AnchorDay", "CurrencyCode", "Customer.Address.CountryCode", "Issuer.TaxId", "PaymentTermsDays", "RateCardId", "TaxRate", "TimeZoneId"],
            refused.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Contains(refused.Problems, p => p.ToString() ==
            "AnchorDay must be a day of the month from 1 to 31 (in shorter months the period starts on their last day); 0 is not");
        Assert.Contains(refused.Problems, p => p.ToString() ==
            "TimeZoneId must be an IANA time zone id such as Europe/Berlin; 'Mars/Olympus_Mons' is not");
        Assert.Contains(refused.Problems, p => p.ToString() ==
            "TaxRate must be a fraction from 0 up to but not including 1 (0.19 for 19%); 1.5 is not");
        Assert.Contains(refused.Problems, p => p.ToString() == "RateCardId is required: pricing rates the tenant's usage with it");
        Assert.StartsWith("Billing account of 'acme' is invalid: ", refused.Message);
    }

    [Fact]
    public void A_windows_time_zone_id_is_refused_for_an_iana_one()
    {
        var refused = Assert.Throws<CommandRefused>(() =>
            BillingAccountDecision.Decide(new OpenBillingAccount(Account(zone: "Eastern Standard Time"), Now, Finance), null));

        Assert.Equal("TimeZoneId", Assert.Single(refused.Problems).Field);
    }

    [Fact]
    public void Opening_the_same_account_again_adds_nothing_but_opening_it_with_other_terms_is_refused()
    {
        var history = Given([.. BillingAccountDecision.Decide(new OpenBillingAccount(Acme, Now, Finance), null)]);

        Assert.Empty(BillingAccountDecision.Decide(new OpenBillingAccount(Acme, Now.AddMinutes(1), Finance), history));
        var refused = Assert.Throws<CommandRefused>(() =>
            BillingAccountDecision.Decide(new OpenBillingAccount(Acme with { PaymentTermsDays = 14 }, Now, Finance), history));
        Assert.Equal(Refusal.Conflict, refused.Reason);
    }

    [Fact]
    public void Payment_terms_rate_card_and_legal_details_change_and_the_change_chains_to_the_opening()
    {
        var opened = BillingAccountDecision.Decide(new OpenBillingAccount(Acme, Now, Finance), null);
        var changedAccount = Acme with { PaymentTermsDays = 14, RateCardId = "rc-2026", Customer = Acme.Customer with { TaxId = "US-98-7654321" } };

        var changed = BillingAccountDecision.Decide(new ChangeBillingAccount(changedAccount, Now.AddDays(3), Finance), Given([.. opened]));

        Assert.Equal(changedAccount, Assert.IsType<BillingAccountChanged>(Assert.Single(changed)).Account);
        Assert.True(HashChain.Verify([.. opened, .. changed]).IsIntact);
    }

    [Fact]
    public void Time_zone_currency_and_anchor_day_cannot_change_once_the_account_is_open()
    {
        var history = Given([.. BillingAccountDecision.Decide(new OpenBillingAccount(Acme, Now, Finance), null)]);

        var refused = Assert.Throws<CommandRefused>(() => BillingAccountDecision.Decide(
            new ChangeBillingAccount(Acme with { TimeZoneId = "Europe/Berlin", CurrencyCode = "EUR", AnchorDay = 15 }, Now, Finance), history));

        Assert.Equal(Refusal.Conflict, refused.Reason);
        Assert.Equal(["CurrencyCode", "TimeZoneId", "AnchorDay"], refused.Problems.Select(p => p.Field));
    }
}
