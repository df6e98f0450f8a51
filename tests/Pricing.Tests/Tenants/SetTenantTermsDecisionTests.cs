using GpuBilling.Decisions;
using Metering.Contracts;
using Pricing.Tenants;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Tenants;

public class SetTenantTermsDecisionTests
{
    private static BillingTermsSet Terms(long accountVersion, string rateCardId = CardId, string zone = "Europe/Berlin", int anchorDay = 15) => new()
    {
        TenantId = "acme",
        AccountVersion = accountVersion,
        TimeZoneId = zone,
        AnchorDay = anchorDay,
        CurrencyCode = "EUR",
        RateCardId = rateCardId,
        OccurredAt = February,
    };

    [Fact]
    public void The_first_terms_of_a_tenant_are_kept_as_they_came()
    {
        Assert.Equal(new TenantTerms("acme", 3, "Europe/Berlin", 15, "EUR", CardId, February), SetTenantTermsDecision.Decide(Terms(3), null));
    }

    [Fact]
    public void A_newer_account_version_replaces_the_terms_and_an_older_or_repeated_one_changes_nothing()
    {
        var current = SetTenantTermsDecision.Decide(Terms(3), null);

        Assert.Equal("enterprise", SetTenantTermsDecision.Decide(Terms(4, "enterprise"), current)?.RateCardId);
        Assert.Null(SetTenantTermsDecision.Decide(Terms(3, "enterprise"), current));
        Assert.Null(SetTenantTermsDecision.Decide(Terms(2, "enterprise"), current));
    }

    [Fact]
    public void Terms_that_cannot_cut_periods_are_refused_naming_the_field()
    {
        var error = Assert.Throws<CommandRefused>(() => SetTenantTermsDecision.Decide(Terms(1, zone: "Mars/Olympus", anchorDay: 32), null));

        Assert.Equal(
            [
                new FieldProblem("AnchorDay", "'Anchor Day' must be between 1 and 31. You entered 32."),
                new FieldProblem("TimeZoneId", "'TimeZoneId' must be an IANA time zone, not 'Mars/Olympus'."),
            ],
            error.Problems);
    }
}
