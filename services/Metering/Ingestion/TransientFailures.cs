using System.Net.Sockets;
using Npgsql;

namespace Metering.Ingestion;

/// <summary>
/// Failures that say nothing about the reports: the database is restarting, a connection broke, a
/// deadlock was resolved against us. They are waited out instead of dead-lettering reports
/// that were never wrong. Marten wraps what Npgsql throws, so the whole chain is looked at.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "40001" or "40P01" or "53300" }:
                case NpgsqlException { IsTransient: true }:
                case SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
