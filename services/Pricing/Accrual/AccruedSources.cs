using Npgsql;
using Weasel.Postgresql.Tables;

namespace Pricing.Accrual;

/// <summary>
/// Which ledger event has been accrued into which accrual stream: one narrow row each, claimed
/// in the transaction that appends the accrual, so the claim and the usage it protects commit
/// together or not at all. The primary key makes a second claim of the same pair find nothing
/// to insert (a redelivery, a replay, another instance), and the decision never has to hold
/// every source a period has seen.
/// </summary>
public static class AccruedSources
{
    public const string TableName = "accrued_sources";

    public static Table Table()
    {
        var table = new Table($"{PricingStorage.Name}.{TableName}");
        table.AddColumn<string>("source_id").AsPrimaryKey();
        table.AddColumn<string>("stream_key").AsPrimaryKey();
        return table;
    }

    /// <summary>Claims the pairs and returns those that were not claimed before: the ones to accrue.</summary>
    public static async Task<HashSet<(string SourceId, AccrualStreamKey Stream)>> ClaimAsync(
        NpgsqlTransaction transaction, IEnumerable<(string SourceId, AccrualStreamKey Stream)> pairs, CancellationToken cancellationToken)
    {
        // Rows in key order, so concurrent claims lock index entries in the same order.
        var rows = pairs.Select(p => (p.SourceId, StreamKey: p.Stream.ToString())).Distinct()
            .OrderBy(p => p.SourceId, StringComparer.Ordinal).ThenBy(p => p.StreamKey, StringComparer.Ordinal).ToList();
        var claimed = new HashSet<(string, AccrualStreamKey)>();
        if (rows.Count == 0) return claimed;

        await using var command = new NpgsqlCommand(
            $"""
            insert into {PricingStorage.Name}.{TableName} (source_id, stream_key)
            select * from unnest($1::text[], $2::text[])
            on conflict do nothing
            returning source_id, stream_key
            """,
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(rows.Select(r => r.SourceId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.StreamKey).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) claimed.Add((reader.GetString(0), AccrualStreamKey.Parse(reader.GetString(1))));
        return claimed;
    }

    /// <summary>
    /// Releases claims whose usage was refused rather than accrued, so the usage, parked for an
    /// operator, can still be accrued once what refused it is put right.
    /// </summary>
    public static async Task ReleaseAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<(string SourceId, AccrualStreamKey Stream)> pairs, CancellationToken cancellationToken)
    {
        if (pairs.Count == 0) return;
        await using var command = new NpgsqlCommand(
            $"""
            delete from {PricingStorage.Name}.{TableName} a
            using unnest($1::text[], $2::text[]) as r(source_id, stream_key)
            where a.source_id = r.source_id and a.stream_key = r.stream_key
            """,
            transaction.Connection, transaction);
        command.Parameters.AddWithValue(pairs.Select(r => r.SourceId).ToArray());
        command.Parameters.AddWithValue(pairs.Select(r => r.Stream.ToString()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
