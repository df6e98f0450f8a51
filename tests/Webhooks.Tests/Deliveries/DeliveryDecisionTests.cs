using Webhooks.Deliveries;

namespace Webhooks.Tests.Deliveries;

public class DeliveryDecisionTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetrySchedule Schedule = new(RetrySchedule.Standard);

    private static WebhookDelivery Fresh() => WebhookDelivery.Create(Guid.NewGuid(), "invoice.finalized", "whsub_1", "acme", "{}", Now);

    private static AttemptOutcome Answered(int status, TimeSpan? retryAfter = null, DateTimeOffset? at = null) =>
        new(new DeliveryAttempt(at ?? Now, status, 12, "body", null), retryAfter);

    [Fact]
    public void A_2xx_delivers()
    {
        var decided = DeliveryDecision.Decide(Fresh(), Answered(204), Schedule, 0);
        Assert.Equal(DeliveryState.Delivered, decided.Delivery.State);
        Assert.Null(decided.DisableSubscriptionBecause);
    }

    [Fact]
    public void A_failure_waits_the_next_step_of_the_schedule_with_at_most_a_tenth_of_jitter()
    {
        Assert.Equal(Now + TimeSpan.FromSeconds(5), DeliveryDecision.Decide(Fresh(), Answered(500), Schedule, 0).Delivery.NextAttemptAt);
        Assert.Equal(Now + TimeSpan.FromSeconds(5.45), DeliveryDecision.Decide(Fresh(), Answered(500), Schedule, 0.9).Delivery.NextAttemptAt);
    }

    [Fact]
    public void A_longer_Retry_After_is_honoured_but_never_past_the_longest_wait()
    {
        Assert.Equal(Now + TimeSpan.FromMinutes(2), DeliveryDecision.Decide(Fresh(), Answered(429, TimeSpan.FromMinutes(2)), Schedule, 0).Delivery.NextAttemptAt);
        Assert.Equal(Now + TimeSpan.FromSeconds(5), DeliveryDecision.Decide(Fresh(), Answered(503, TimeSpan.FromSeconds(1)), Schedule, 0).Delivery.NextAttemptAt);
        Assert.Equal(Now + TimeSpan.FromHours(24), DeliveryDecision.Decide(Fresh(), Answered(503, TimeSpan.FromDays(30)), Schedule, 0).Delivery.NextAttemptAt);
    }

    [Fact]
    public void A_410_fails_the_delivery_and_disables_the_subscription_with_the_reason()
    {
        var decided = DeliveryDecision.Decide(Fresh(), Answered(410), Schedule, 0);
        Assert.Equal(DeliveryState.Failed, decided.Delivery.State);
        Assert.Contains("410 Gone", decided.DisableSubscriptionBecause);
    }

    [Fact]
    public void The_last_attempt_of_the_schedule_failing_disables_the_subscription_saying_since_when()
    {
        var delivery = Fresh();
        for (var attempt = 1; attempt < Schedule.Attempts; attempt++)
            delivery = DeliveryDecision.Decide(delivery, Answered(500, at: Now.AddHours(attempt)), Schedule, 0).Delivery;

        var decided = DeliveryDecision.Decide(delivery, Answered(502, at: Now.AddDays(3)), Schedule, 0);

        Assert.Equal(DeliveryState.Failed, decided.Delivery.State);
        Assert.Equal(10, decided.Delivery.Attempts.Count);
        Assert.Equal("10 attempts from 2025-03-01T13:00:00Z to 2025-03-04T12:00:00Z failed; the last: HTTP 502.", decided.DisableSubscriptionBecause);
    }
}
