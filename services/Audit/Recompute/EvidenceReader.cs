using System.Threading.Channels;
using Invoicing.Credits;
using Marten;
using Metering;
using Metering.Ledger;
using Npgsql;

namespace Audit.Recompute;

/// <summary>
/// Reads the evidence of one invoice from the three event stores, as stored, in the order each
/// read names the next: the invoice names its tenant, period and accrual stream; the accrual
/// stream names its rate card and ledger events. The ledger, a month of a fleet's node-hours, is
/// streamed through a <see cref="LedgerFold"/> and never held: one task reads and deserializes
/// rows while the fold cuts and verifies the ones before, a bounded channel between them. Nothing
/// here decides anything.
/// </summary>
public sealed class EvidenceReader(AuditedStores stores)
{
    /// <summary>Enough to keep both sides busy; bounded, so a slow fold holds back the reader instead of buffering the month.</summary>
    private const int InFlight = 512;

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

        var ledger = new LedgerFold(accrualStream, FullRecompute.TermsCutting(invoice, accountStream));
        var (from, to) = FullRecompute.LedgerHoursOf(invoice);
        await ReadLedgerAsync(HoursQuery, [from, to], ledger.Add, cancellationToken);
        ledger.EndRead();
        var missing = FullRecompute.SourceIdsOf(accruals).Where(id => !ledger.ById.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
        {
            await ReadLedgerAsync(StreamsQuery, [missing], ledger.Add, cancellationToken);
            ledger.EndRead();
        }

        return new Evidence(invoiceId, invoiceStream, accountStream, accrualStream, accruals, rateCardId, rateCard, ledger, creditStream);
    }

    /// <summary>
    /// Every ledger event of the hours, whoever's usage it holds: reconciling from the source means
    /// finding usage nobody accrued too, and the ledger is keyed by node and hour, not by tenant.
    /// A stream is one node's hour, so these are whole streams, as verifying their chains needs.
    /// </summary>
    public async Task<List<LedgerEvent>> LedgerOfHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var events = new List<LedgerEvent>();
        await ReadLedgerAsync(HoursQuery, [from, to], events.Add, cancellationToken);
        return events;
    }

    private static string HoursQuery =>
        $"""
        select id, stream_id, version, data from {MeteringEvents.Schema}.mt_events
        where type = $1 and (data ->> 'Hour')::timestamptz >= $2 and (data ->> 'Hour')::timestamptz < $3
        order by stream_id, version
        """;

    /// <summary>The whole streams of the events, so that their chains can be verified too.</summary>
    private static string StreamsQuery =>
        $"""
        select id, stream_id, version, data from {MeteringEvents.Schema}.mt_events
        where type = $1 and stream_id in (select stream_id from {MeteringEvents.Schema}.mt_events where id = any($2))
        order by stream_id, version
        """;

    /// <summary>Each event, in stream and version order, to <paramref name="fold"/> as soon as it is deserialized.</summary>
    private async Task ReadLedgerAsync(string sql, object[] parameters, Action<LedgerEvent> fold, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = Channel.CreateBounded<LedgerEvent>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await using var command = stores.Database.CreateCommand(sql);
                command.Parameters.AddWithValue(((Marten.Events.EventGraph)stores.Metering.Options.Events).EventMappingFor(typeof(NodeUsageRecorded)).EventTypeName);
                foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
                var serializer = stores.Metering.Options.Serializer();
                await using var reader = await command.ExecuteReaderAsync(stop.Token);
                while (await reader.ReadAsync(stop.Token))
                    await events.Writer.WriteAsync(
                        new LedgerEvent(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), serializer.FromJson<NodeUsageRecorded>(reader, 3)), stop.Token);
                events.Writer.Complete();
            }
            catch (Exception e)
            {
                events.Writer.Complete(e);
            }
        }, stop.Token);
        try
        {
            await foreach (var read in events.Reader.ReadAllAsync(stop.Token)) fold(read);
        }
        finally
        {
            // A fold that failed must not leave the reader waiting on a full channel.
            await stop.CancelAsync();
            await reading;
        }
    }
}
