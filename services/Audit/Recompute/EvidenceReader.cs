using Invoicing.Credits;
using Marten;
using Metering;
using Metering.Ledger;
using Npgsql;

namespace Audit.Recompute;

/// <summary>
/// Reads the evidence of one invoice from the three event stores, as stored, in the order each
/// read names the next: the invoice names its tenant, period and accrual stream; the accrual
/// stream names its rate card and ledger events. Nothing here decides anything.
/// </summary>
public sealed class EvidenceReader(AuditedStores stores)
{
    /// <summary>The evidence, or null when there is no such invoice.</summary>
    public async Task<Evidence?> ReadAsync(string invoiceId, CancellationToken cancellationToken)
    {
        await using var invoicing = stores.Invoicing.QuerySession();
        var invoiceStream = await invoicing.Events.FetchStreamAsync(invoiceId, token: cancellationToken);
        if (FullRecompute.InvoiceOf(invoiceStream) is not { } invoice) return null;
        var accountStream = await invoicing.Events.FetchStreamAsync(invoice.TenantId, token: cancellationToken);
        var creditStream = await invoicing.Events.FetchStreamAsync(new CreditKey(invoice.TenantId).ToString(), token: cancellationToken);

        var (accrualStream, _, _) = FullRecompute.LineageOf(invoice);
        await using var pricing = stores.Pricing.QuerySession();
        var accruals = await pricing.Events.FetchStreamAsync(accrualStream, token: cancellationToken);
        var rateCardId = FullRecompute.RateCardIdOf(invoice, accruals);
        var rateCard = rateCardId is null ? [] : await pricing.Events.FetchStreamAsync(rateCardId, token: cancellationToken);

        var (from, to) = FullRecompute.LedgerHoursOf(invoice);
        var ledger = await LedgerOfHoursAsync(from, to, cancellationToken);
        var missing = FullRecompute.SourceIdsOf(accruals).Except(ledger.Select(e => e.Id)).ToArray();
        if (missing.Length > 0) ledger.AddRange(await LedgerStreamsOfAsync(missing, cancellationToken));

        return new Evidence(invoiceId, invoiceStream, accountStream, accrualStream, accruals, rateCardId, rateCard, ledger, creditStream);
    }

    /// <summary>
    /// Every ledger event of the hours, whoever's usage it holds: reconciling from the source means
    /// finding usage nobody accrued too, and the ledger is keyed by node and hour, not by tenant.
    /// A stream is one node's hour, so these are whole streams, as verifying their chains needs.
    /// </summary>
    public Task<List<LedgerEvent>> LedgerOfHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadLedgerAsync(
            $"""
            select id, stream_id, version, data from {MeteringEvents.Schema}.mt_events
            where type = $1 and (data ->> 'Hour')::timestamptz >= $2 and (data ->> 'Hour')::timestamptz < $3
            order by stream_id, version
            """,
            [from, to], cancellationToken);

    /// <summary>The whole streams of the events, so that their chains can be verified too.</summary>
    private Task<List<LedgerEvent>> LedgerStreamsOfAsync(Guid[] ids, CancellationToken cancellationToken) =>
        ReadLedgerAsync(
            $"""
            select id, stream_id, version, data from {MeteringEvents.Schema}.mt_events
            where type = $1 and stream_id in (select stream_id from {MeteringEvents.Schema}.mt_events where id = any($2))
            order by stream_id, version
            """,
            [ids], cancellationToken);

    private async Task<List<LedgerEvent>> ReadLedgerAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = stores.Database.CreateCommand(sql);
        command.Parameters.AddWithValue(((Marten.Events.EventGraph)stores.Metering.Options.Events).EventMappingFor(typeof(NodeUsageRecorded)).EventTypeName);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        var serializer = stores.Metering.Options.Serializer();
        var events = new List<LedgerEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new LedgerEvent(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), serializer.FromJson<NodeUsageRecorded>(reader, 3)));
        return events;
    }
}
