using System.Globalization;
using System.Text.Json;
using Metering.Contracts;
using Webhooks.Subscriptions;

namespace Webhooks.Deliveries;

/// <summary>
/// The body partners receive, in the Standard Webhooks shape <c>{type, timestamp, data}</c>.
/// Amounts are decimal strings ("1234.50"): a JSON number would be read as binary floating point by most clients.
/// </summary>
public static class InvoiceFinalizedPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Of(InvoiceFinalizedNotice notice) => JsonSerializer.Serialize(new
    {
        type = EventTypes.InvoiceFinalized,
        timestamp = notice.FinalizedAt,
        data = new
        {
            invoiceId = notice.InvoiceId,
            tenantId = notice.TenantId,
            invoiceNumber = notice.InvoiceNumber,
            periodStart = notice.PeriodStart,
            periodEnd = notice.PeriodEnd,
            currency = notice.Currency,
            subtotal = notice.Subtotal.ToString(CultureInfo.InvariantCulture),
            tax = notice.Tax.ToString(CultureInfo.InvariantCulture),
            total = notice.Total.ToString(CultureInfo.InvariantCulture),
            issueDate = notice.IssueDate,
            dueDate = notice.DueDate,
            finalizedAt = notice.FinalizedAt,
        },
    }, Json);
}
