using GpuBilling.Decisions;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Periods;

namespace Invoicing.Invoices.Drafting;

/// <summary>Open the draft invoice of a tenant's billing period, as of <paramref name="Now"/>.</summary>
public sealed record OpenInvoiceDraft(BillingAccount Account, BillingPeriod Period, DateTimeOffset Now, Actor By)
{
    public string InvoiceId => InvoiceKey.Of(Account.TenantId, Period).ToString();
}

public static partial class DraftDecision
{
    /// <summary>
    /// Whoever first needs the period's invoice opens it (the first rated usage, the period closer
    /// opening the next period); everyone after finds it open, which is not an error.
    /// </summary>
    public static IReadOnlyList<InvoiceEvent> Decide(OpenInvoiceDraft command, Invoice? state)
    {
        if (state is not null) return [];
        BillingAccountDecision.Validate(command.Account);
        if (!command.Period.IsPeriodOf(command.Account))
            throw CommandRefused.Invalid(
                $"{command.Period} ({command.Period.Start:O}..{command.Period.End:O}) is not a billing period of '{command.Account.TenantId}' " +
                $"(anchor day {command.Account.AnchorDay} in {command.Account.TimeZoneId}).");

        return InvoiceDecision.Chained(null, new InvoiceDraftOpened(
            command.InvoiceId, command.Account.TenantId, command.Period, command.Account.Currency, command.Account.TimeZoneId,
            command.Now, command.By));
    }
}
