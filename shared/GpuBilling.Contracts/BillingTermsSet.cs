namespace Metering.Contracts;

/// <summary>
/// How a tenant's usage is cut into billing periods and priced, as its billing account in
/// invoicing now says. Published by invoicing whenever the account is opened or changed;
/// pricing keeps the latest (<see cref="AccountVersion"/>) to split usage at period bounds and
/// to choose the rate card of a period it has not yet started.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record BillingTermsSet
{
    public required string TenantId { get; init; }

    /// <summary>The version of the billing account stream these terms come from: a redelivered older one changes nothing.</summary>
    public required long AccountVersion { get; init; }

    /// <summary>IANA id: periods start at local midnight of the anchor day in this zone.</summary>
    public required string TimeZoneId { get; init; }

    public required int AnchorDay { get; init; }

    /// <summary>ISO 4217: the rate card must price in it.</summary>
    public required string CurrencyCode { get; init; }

    /// <summary>The rate card of every period that starts from now on; a period already accrued keeps its card.</summary>
    public required string RateCardId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
