using Npgsql;

namespace Invoicing.Numbering;

/// <summary>
/// Creates the counter table if it is missing. Plain SQL rather than a Weasel table for Marten's
/// <c>ExtendedSchemaObjects</c>: Invoicing does not run Marten yet, and referencing Marten only
/// for Weasel brings its event source generator, which does not compile against the invoice's
/// pure <c>Evolve(state, event)</c>. Marten leaves tables it was not given alone, so this keeps
/// working once Invoicing stores its events there; the table can then move to a Weasel
/// definition of the same columns.
/// </summary>
public static class InvoiceNumbersSchema
{
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // "if not exists" is not safe against itself: two instances starting at once can both
        // find the schema missing and one fails on the catalog's unique index. The lock queues them.
        await using var command = new NpgsqlCommand(
            $"""
            select pg_advisory_xact_lock(hashtext('{InvoiceNumbers.Schema}.{InvoiceNumbers.TableName}'));
            create schema if not exists {InvoiceNumbers.Schema};
            create table if not exists {InvoiceNumbers.Schema}.{InvoiceNumbers.TableName} (
                issuer_id text primary key,
                last_number bigint not null
            );
            """,
            connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
