using Npgsql;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// Two writers of one stream at once: the later save fails on the version it read. Deciding again
/// against what the first one wrote resolves it (the decision may now add nothing, or refuse).
/// </summary>
public static class StreamConflicts
{
    private const int Attempts = 5;

    /// <summary>
    /// Another writer got to the stream first: an expected version not met, or a stream started
    /// twice (Marten's quick append reports that as the streams table's own key violation).
    /// Marten wraps what it throws, so the whole chain is looked at.
    /// </summary>
    public static bool IsConflict(Exception exception) =>
        ChainOf(exception).Any(e => e is JasperFx.ConcurrencyException
            or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException
            or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pkey_mt_streams_id" });

    /// <summary>Writes, and on a conflict reads and decides again, a few times.</summary>
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

    public static IEnumerable<Exception> ChainOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException) yield return e;
    }
}
