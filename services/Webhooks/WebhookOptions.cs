using Webhooks.Deliveries;

namespace Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    /// <summary>Loopback, link-local and private endpoints are refused unless this is set (tests and <c>make up</c> run a local receiver).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Waits before each attempt; empty means the specification's schedule.</summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    /// <summary>How often the worker looks for deliveries that have come due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an endpoint has to answer; a slow endpoint must not hold a worker for long.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Deliveries sent at once.</summary>
    public int Concurrency { get; set; } = 16;

    public RetrySchedule Schedule() => new(RetrySchedule.Length > 0 ? RetrySchedule : Deliveries.RetrySchedule.Standard);
}
