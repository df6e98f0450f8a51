using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pricing.Accrual;

/// <summary>
/// The key of a tenant's accrual stream for one billing period (a stream per tenant per period:
/// short, and the unit an invoice closes). Built and read only here, so no other kind of key (a
/// rate card's, a ledger node-hour's) can be passed where a period's is meant. The text is what
/// is stored (stream ids, snapshot ids, claims, ratings' lineage) and never changes:
/// "{tenant}@{period start, UTC, to the minute}Z", acme@2026-02-01T00:00Z.
/// </summary>
public readonly record struct AccrualStreamKey
{
    private const string StartFormat = "yyyy-MM-ddTHH:mm";

    public AccrualStreamKey(string tenantId, DateTimeOffset periodStart)
    {
        TenantId = tenantId;
        PeriodStart = periodStart.ToUniversalTime();
    }

    public string TenantId { get; }

    /// <summary>The period's inclusive start: a whole minute (every UTC offset in use is a multiple of 15 minutes).</summary>
    public DateTimeOffset PeriodStart { get; }

    public override string ToString() =>
        $"{TenantId}@{PeriodStart.UtcDateTime.ToString(StartFormat, CultureInfo.InvariantCulture)}Z";

    /// <exception cref="FormatException">The text is not an accrual stream key.</exception>
    public static AccrualStreamKey Parse(string key) =>
        TryParse(key, out var parsed)
            ? parsed
            : throw new FormatException($"'{key}' is not an accrual stream key: a tenant id, '@' and the UTC minute its period starts (acme@2026-02-01T00:00Z).");

    /// <summary>Only text this type would write: <c>Parse(k.ToString()) == k</c> and <c>Parse(s).ToString() == s</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? key, out AccrualStreamKey parsed)
    {
        parsed = default;
        var at = key?.LastIndexOf('@') ?? -1;
        if (at <= 0 || !key!.EndsWith('Z')
            || !DateTime.TryParseExact(key[(at + 1)..^1], StartFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
            return false;
        parsed = new AccrualStreamKey(key[..at], new DateTimeOffset(start, TimeSpan.Zero));
        return true;
    }
}
