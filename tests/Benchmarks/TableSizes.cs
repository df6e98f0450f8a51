using Npgsql;

namespace Metering.Benchmarks;

/// <summary>A table with its indexes and TOAST, and how much of that is indexes.</summary>
public sealed record TableSize(long Total, long Indexes);

/// <summary>
/// What a database holds once settled: every table ("schema.table") with its indexes and TOAST,
/// and every index on its own ("schema.index"), after `VACUUM`.
/// </summary>
public sealed record StoredSizes(IReadOnlyDictionary<string, TableSize> Tables, IReadOnlyDictionary<string, long> Indexes);

public static class TableSizes
{
    /// <summary>
    /// Vacuums the database (nothing may write meanwhile) and sizes the tables of <paramref name="schema"/>,
    /// or of every schema but PostgreSQL's own when it is null: what the services wrote, whoever wrote it.
    /// </summary>
    public static async Task<StoredSizes> SettledAsync(string connectionString, string? schema = null)
    {
        await Database.ExecuteAsync(connectionString, "vacuum");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string Schemas = "($1::text is null and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%' or n.nspname = $1)";
        var tables = new SortedDictionary<string, TableSize>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            $"""
            select n.nspname || '.' || c.relname, pg_total_relation_size(c.oid), pg_indexes_size(c.oid)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p', 'm') and {Schemas}
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)schema ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables[reader.GetString(0)] = new TableSize(reader.GetInt64(1), reader.GetInt64(2));
        }
        var indexes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            $"""
            select n.nspname || '.' || c.relname, pg_relation_size(c.oid)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind = 'i' and {Schemas}
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)schema ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) indexes[reader.GetString(0)] = reader.GetInt64(1);
        }
        return new StoredSizes(tables, indexes);
    }
}
