namespace Metering.Contracts;

/// <summary>
/// An invoice was finalized: published by invoicing for every <c>InvoiceFinalized</c> event, so
/// that partners can be told (webhooks). It carries what a partner needs to show or fetch the
/// invoice, not the invoice itself; the invoice API has the lines.
/// </summary>
/// <remarks>Published contract: MassTransit routes by full type name, so evolve it additively.</remarks>
public sealed record InvoiceFinalizedNotice
{
    /// <summary>
    /// The id of the stored event this notice is made from. The same event published twice (the
    /// publisher may repeat a page after a crash) carries the same id, so consumers deduplicate on it.
    /// </summary>
    public required Guid EventId { get; init; }

    public required string InvoiceId { get; init; }

    public required string TenantId { get; init; }

    public required string InvoiceNumber { get; init; }

    /// <summary>The local date the billing period starts on, in the tenant's zone.</summary>
    public required DateOnly PeriodStart { get; init; }

    /// <summary>The local date the next period starts on (exclusive): the last day billed is the day before.</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>ISO 4217.</summary>
    public required string Currency { get; init; }

    /// <summary>Amounts as invoiced: rounded to the currency's minor unit, exact decimals.</summary>
    public required decimal Subtotal { get; init; }

    public required decimal Tax { get; init; }

    public required decimal Total { get; init; }

    public required DateOnly IssueDate { get; init; }

    public required DateOnly DueDate { get; init; }

    public required DateTimeOffset FinalizedAt { get; init; }
}
