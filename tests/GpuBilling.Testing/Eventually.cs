namespace GpuBilling.Testing;

/// <summary>
/// Waits for an asynchronous pipeline to reach the asserted state. The assertion itself is
/// exact; only the moment it becomes true is waited for, and after the timeout the last
/// failure is what the test reports.
/// </summary>
public static class Eventually
{
    /// <summary>
    /// Long, because it only delays a failure: on a 2-core machine kept busy by other work, a
    /// service's start or a pipeline's drain has taken over 30 seconds.
    /// </summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static Task AssertAsync(Action assertion, TimeSpan? timeout = null) =>
        AssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, timeout);

    public static async Task AssertAsync(Func<Task> assertion, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception e) when (e is not WillNeverHold && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}

/// <summary>Thrown by an assertion that can no longer come true (the process it waits on has exited): the wait ends at once.</summary>
public sealed class WillNeverHold(string message) : Exception(message);
