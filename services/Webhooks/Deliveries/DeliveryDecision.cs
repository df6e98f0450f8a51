using System.Globalization;

namespace Webhooks.Deliveries;

/// <summary>What an attempt came to: the attempt as logged and the <c>Retry-After</c> the endpoint asked for, if any.</summary>
public sealed record AttemptOutcome(DeliveryAttempt Attempt, TimeSpan? RetryAfter);

/// <summary>The delivery after an attempt, and why its subscription must be disabled (null: it stays as it is).</summary>
public sealed record DeliveryDecided(WebhookDelivery Delivery, string? DisableSubscriptionBecause);

/// <summary>
/// Decides what follows an attempt: delivered on 2xx; the endpoint disabled on 410 (the
/// specification's "gone, stop sending"); otherwise the next attempt on the retry schedule, later
/// if the endpoint asked for more time, and the endpoint disabled once the schedule is used up.
/// </summary>
public static class DeliveryDecision
{
    /// <param name="jitter">A number in [0, 1): each retry is put off by up to a tenth more, so endpoints that failed together do not get their retries together.</param>
    public static DeliveryDecided Decide(WebhookDelivery delivery, AttemptOutcome outcome, RetrySchedule schedule, double jitter)
    {
        var attempt = outcome.Attempt;
        var attempted = delivery with
        {
            Attempts = [.. delivery.Attempts, attempt],
            AttemptsThisRound = delivery.AttemptsThisRound + 1,
        };

        if (attempt.Status is >= 200 and < 300)
            return new(attempted with { State = DeliveryState.Delivered, NextAttemptAt = null, FailureReason = null }, null);

        if (attempt.Status == 410)
        {
            var gone = $"The endpoint answered 410 Gone at {Stamp(attempt.At)}: it asked not to be sent anything more.";
            return new(attempted with { State = DeliveryState.Failed, NextAttemptAt = null, FailureReason = gone }, gone);
        }

        if (schedule.DelayBefore(attempted.AttemptsThisRound + 1) is not { } delay)
        {
            var firstOfRound = attempted.Attempts[^attempted.AttemptsThisRound].At;
            var exhausted =
                $"{attempted.AttemptsThisRound} attempts from {Stamp(firstOfRound)} to {Stamp(attempt.At)} failed; the last: {Describe(attempt)}.";
            return new(attempted with { State = DeliveryState.Failed, NextAttemptAt = null, FailureReason = exhausted }, exhausted);
        }

        var wait = delay + delay * (0.1 * jitter);
        // Honoured when longer than the schedule's wait, but never beyond its longest one: an endpoint cannot park messages forever.
        if (outcome.RetryAfter is { } asked && asked > wait) wait = asked < schedule.Longest ? asked : schedule.Longest;
        return new(attempted with { NextAttemptAt = attempt.At + wait }, null);
    }

    public static string Describe(DeliveryAttempt attempt) =>
        attempt.Status is { } status ? $"HTTP {status}" : attempt.Error ?? "no answer";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
