using Invoicing.BillingAccounts;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.BillingAccounts;

public class RateCardRuleTests
{
    [Fact]
    public void An_account_names_a_card_pricing_announced_in_the_account_s_currency()
    {
        Assert.Empty(RateCardRule.ProblemsWith(Acme, new KnownRateCard("rc-standard", "USD")));
        Assert.Equal(
            ["RateCardId names rate card 'rc-standard', which invoicing does not know yet: pricing announces a card once a version of it is published there (retry in a moment if one just was)"],
            RateCardRule.ProblemsWith(Acme, null).Select(p => p.ToString()));
        Assert.Equal(
            ["RateCardId names rate card 'rc-standard', which prices in EUR; the account is in USD, and no usage is rated on a card in another currency"],
            RateCardRule.ProblemsWith(Acme, new KnownRateCard("rc-standard", "EUR")).Select(p => p.ToString()));
    }
}
