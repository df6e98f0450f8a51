using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GpuBilling.Money;
using Invoicing.Credits;
using Invoicing.Thresholds;
using JasperFx.Events;
using Metering.Contracts;

namespace Invoicing.Standing;

/// <summary>
/// What partners are told of a tenant's standing and credit: each change of status into low,
/// depleted or over-limit (one event each: the change is one stored event), each grant about to
/// expire (noticed once), each write-off at expiry, and usage levels set at or below what the
/// period had already reached. Their ids are the stored events' own, so a page the publisher
/// repeats is deduplicated; a level's is its crossing's, whichever way it was reached. Amounts are
/// decimal strings.
/// </summary>
public static class StandingPartnerEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static readonly Type[] Sources = [typeof(StandingChanged), typeof(CreditExpiryNoticed), typeof(CreditExpired), typeof(UsageThresholdsReached)];

    public static IEnumerable<PartnerEvent> Of(IEvent stored) => stored.Data switch
    {
        StandingChanged { To: not StandingStatus.Ok } changed => [Event(stored.Id, TypeOf(changed.To), changed.TenantId, changed.OccurredAt, new
        {
            tenantId = changed.TenantId,
            status = TenantStanding.StatusText(changed.To),
            previousStatus = TenantStanding.StatusText(changed.From),
            cause = changed.Cause,
            currency = changed.PeriodCharges.Currency.Code,
            balance = Text(changed.Balance),
            periodCharges = Text(changed.PeriodCharges),
            usageThrough = changed.UsageThrough,
            changedAt = changed.OccurredAt,
        })],
        CreditExpiryNoticed noticed => [Event(stored.Id, PartnerEventTypes.CreditsExpiring, noticed.TenantId, noticed.OccurredAt, new
        {
            tenantId = noticed.TenantId,
            grantId = noticed.GrantId,
            currency = noticed.Unused.Currency.Code,
            unused = Text(noticed.Unused),
            expiresAt = noticed.ExpiresAt,
        })],
        CreditExpired expired => [Event(stored.Id, PartnerEventTypes.CreditsExpired, expired.TenantId, expired.ExpiredAt, new
        {
            tenantId = expired.TenantId,
            grantId = expired.GrantId,
            currency = expired.Amount.Currency.Code,
            amount = Text(expired.Amount),
            expiredAt = expired.ExpiredAt,
        })],
        // Each level with the id a rating crossing it would give, so a level told either way is told once.
        UsageThresholdsReached reached => reached.Crossings.Select(c => ThresholdCrossings.EventOf(
            reached.TenantId, reached.PeriodStart, reached.LocalStart, reached.LocalEnd, reached.CurrencyCode, reached.OccurredAt, c)),
        _ => [],
    };

    private static string TypeOf(StandingStatus status) => status switch
    {
        StandingStatus.Low => PartnerEventTypes.CreditsLow,
        StandingStatus.Depleted => PartnerEventTypes.CreditsDepleted,
        StandingStatus.OverLimit => PartnerEventTypes.SpendLimitReached,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No partner event is sent for it."),
    };

    private static PartnerEvent Event(Guid eventId, string type, string tenantId, DateTimeOffset occurredAt, object data) => new()
    {
        EventId = eventId,
        Type = type,
        TenantId = tenantId,
        OccurredAt = occurredAt,
        Data = JsonSerializer.Serialize(data, Json),
    };

    private static string? Text(Money? money) => money?.Amount.ToString(CultureInfo.InvariantCulture);
}
