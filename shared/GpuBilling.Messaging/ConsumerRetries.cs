using System.Net.Sockets;
using GpuBilling.ServiceDefaults;
using MassTransit;
using Npgsql;

namespace GpuBilling.Messaging;

/// <summary>How every consumer of every service retries; a message is settled only by a commit.</summary>
public static class ConsumerRetries
{
    /// <summary>
    /// A failed transaction is rolled back whole, and every retry decides again against what was
    /// committed meanwhile. A database outage is waited out (the messages stay unacknowledged in
    /// the queue rather than being dead-lettered for something that was never wrong with them); a
    /// concurrency conflict (another instance appended to the same stream) is retried at once and
    /// often; a message <paramref name="isRefused"/> says is wrong in itself is not retried;
    /// anything else a few times, then it goes to the error queue, where an operator can see why
    /// and send it again.
    /// </summary>
    public static void UseServiceRetries<T>(this IConsumerConfigurator<T> consumer, Func<Exception, bool>? isRefused = null) where T : class
    {
        isRefused ??= _ => false;
        consumer.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransient);
            retry.Exponential(1000, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        });
        consumer.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(StreamConflicts.IsConflict);
            retry.Exponential(50, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20));
        });
        consumer.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(e => IsTransient(e) || StreamConflicts.IsConflict(e) || isRefused(e));
            retry.Exponential(5, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
        });
    }

    /// <summary>
    /// Failures that say nothing about the message: the database restarting, a broken connection,
    /// a deadlock resolved against us. Marten wraps what Npgsql throws, so the whole chain is looked at.
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        StreamConflicts.ChainOf(exception).Any(e => e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "40001" or "40P01" or "53300" }
            or NpgsqlException { IsTransient: true }
            or SocketException
            or TimeoutException);
}
