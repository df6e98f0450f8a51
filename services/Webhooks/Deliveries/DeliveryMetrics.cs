using System.Diagnostics.Metrics;

namespace Webhooks.Deliveries;

/// <summary>
/// Every attempt to deliver a webhook by outcome (delivered, http_4xx, http_5xx, http_other,
/// no_response): a handful of series whatever the number of partners; which endpoint failed is the
/// API's answer (a subscription's deliveries), not a label.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Webhooks.Deliveries";

    private readonly Counter<long> _attempts;

    public DeliveryMetrics(IMeterFactory meters) =>
        _attempts = meters.Create(MeterName).CreateCounter<long>("webhooks.delivery_attempts", "{attempt}",
            "Attempts to deliver a webhook, by outcome: anything but delivered is retried on the schedule or gives up.");

    public void Attempted(DeliveryAttempt attempt) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", attempt.Status switch
        {
            null => "no_response",
            >= 200 and < 300 => "delivered",
            >= 400 and < 500 => "http_4xx",
            >= 500 and < 600 => "http_5xx",
            _ => "http_other",
        }));
}
