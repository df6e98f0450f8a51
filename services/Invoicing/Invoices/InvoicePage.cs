using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Invoicing.Invoices;

/// <summary>A page of invoices; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record InvoicePage(IReadOnlyList<InvoiceSummary> Invoices, string? Next);

/// <summary>
/// Where a page of invoices ends: the tenant and the UTC start of the period of its last invoice,
/// the order invoices are listed in. Opaque to clients (base64url), so its form can change.
/// </summary>
public sealed record InvoiceCursor(string TenantId, DateTimeOffset PeriodStart)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static string After(InvoiceSummary last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.Period.Start.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.TenantId}"));

    /// <summary>The cursor, or null for text no page ever gave out.</summary>
    public static InvoiceCursor? Parse(string text)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            var bar = decoded.IndexOf('|');
            return bar > 0 && long.TryParse(decoded[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new InvoiceCursor(decoded[(bar + 1)..], new DateTimeOffset(ticks, TimeSpan.Zero))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
