using System.Globalization;
using GpuBilling.ServiceDefaults;

namespace Invoicing.Invoices;

/// <summary>A page of invoices; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record InvoicePage(IReadOnlyList<InvoiceSummary> Invoices, string? Next);

/// <summary>
/// Where a page of invoices ends: the tenant and the UTC start of the period of its last invoice,
/// the order invoices are listed in (<see cref="Pages"/>).
/// </summary>
public sealed record InvoiceCursor(string TenantId, DateTimeOffset PeriodStart)
{
    public static string SortKeyOf(InvoiceSummary invoice) =>
        $"{invoice.Period.Start.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{invoice.TenantId}";

    /// <summary>The cursor, or null for text no page ever gave out.</summary>
    public static InvoiceCursor? Parse(string text)
    {
        var key = Pages.SortKeyOf(text);
        var bar = key?.IndexOf('|') ?? -1;
        return bar > 0 && long.TryParse(key![..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new InvoiceCursor(key[(bar + 1)..], new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;
    }
}
