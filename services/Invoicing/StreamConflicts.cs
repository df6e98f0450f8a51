using JasperFx;
using JasperFx.Events;

namespace Invoicing;

/// <summary>
/// Two writers of one stream at once: the later save fails on the version it read. Deciding again
/// against what the first one wrote resolves it (the decision may now add nothing, or refuse).
/// </summary>
public static class StreamConflicts
{
    private const int Attempts = 5;

    public static bool IsConflict(Exception exception) =>
        exception is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (IsConflict(e) && attempt < Attempts)
            {
            }
        }
    }
}
