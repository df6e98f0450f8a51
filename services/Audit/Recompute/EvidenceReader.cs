using System.Threading.Channels;
using Invoicing.Credits;
using Marten;
using Metering;
using Metering.Ledger;
using Npgsql;
using Pricing;
using Pricing.Accrual;
using Pricing.RateCards;

namespace Audit.Recompute;

/// <summary>
/// Reads the evidence of one invoice from the three event stores, as stored, in the order each
/// read names the next: the invoice names its tenant, period and accrual stream; the accrual
/// stream names its rate card and ledger events. Neither the ledger (a month of a fleet's
/// node-hours) nor the accrual stream (as many events) is held: the ledger is streamed through a
/// <see cref="LedgerFold"/>, then the accrual stream, in version order, through an
/// <see cref="AccrualFold"/> that checks each accrual against what the ledger's fold kept. Each
/// stream is read by one task that deserializes rows while the fold takes the ones before, a
/// bounded channel between them. Nothing here decides anything.
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

        var (accrualStream, totalsVersion, _) = FullRecompute.LineageOf(invoice);
        object? firstNamingACard = null;
        await ReadAsync(AccrualsQuery(firstNamingACard: true), [accrualStream, AccrualTypes], ReadAccrual, read => firstNamingACard = read.Data, cancellationToken);
        var rateCardId = FullRecompute.RateCardIdOf(invoice, firstNamingACard);
        await using var pricing = stores.Pricing.QuerySession();
        var rateCard = rateCardId is null ? [] : await pricing.Events.FetchStreamAsync(rateCardId, token: cancellationToken);
        var card = RateCard.From(rateCard.Select(e => e.Data).OfType<RateCardVersionPublished>());

        var terms = FullRecompute.TermsCutting(invoice, accountStream);
        var ledger = new LedgerFold(accrualStream, terms, card);
        var (from, to) = FullRecompute.LedgerHoursOf(invoice);
        await ReadLedgerAsync(HoursQuery, [from, to], ledger.Add, cancellationToken);
        ledger.EndRead();

        var accruals = new AccrualFold(totalsVersion, ledger, card, compare: terms is not null && card is not null);
        await ReadAsync(AccrualsQuery(firstNamingACard: false), [accrualStream, AccrualTypes], ReadAccrual, read => accruals.Add(read.Version, read.Data), cancellationToken);

        var missing = FullRecompute.SourceIdsOf(accruals).Where(id => !ledger.ById.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
        {
            await ReadLedgerAsync(StreamsQuery, [missing], ledger.Add, cancellationToken);
            ledger.EndRead();
        }

        return new Evidence(invoiceId, invoiceStream, accountStream, accrualStream, accruals,
            await DifferencesAsync(accruals, ledger, card, cancellationToken), rateCardId, rateCard, ledger, creditStream);
    }

    /// <summary>
    /// The accruals that did not match on the way, compared in full with the commands of their
    /// ledger events, read again by id: only these are, so the month's commands are never held.
    /// </summary>
    private async Task<List<QuantityDifference>> DifferencesAsync(AccrualFold accruals, LedgerFold ledger, RateCard? card, CancellationToken cancellationToken)
    {
        var differences = new List<QuantityDifference>();
        if (accruals.ToCompare.Count == 0) return differences;
        FoldedLedgerEvent? SourceOf(UsageAccrued stored) =>
            Guid.TryParse(stored.SourceId, out var id) ? ledger.ById.GetValueOrDefault(id) : null;
        var withCommands = accruals.ToCompare.Select(u => SourceOf(u.Stored)).Where(s => s?.Check is not null).Select(s => s!.Id).Distinct().ToArray();
        var commands = new Dictionary<Guid, AccrueUsage>();
        await ReadLedgerAsync(ByIdQuery, [withCommands], read => commands[read.Id] = ledger.CommandOf(read)!, cancellationToken);
        foreach (var unmatched in accruals.ToCompare)
        {
            var source = SourceOf(unmatched.Stored);
            differences.AddRange(FullRecompute.SourceDifferences(unmatched.Version, unmatched.Stored, unmatched.State, card!, source,
                source is null ? null : commands.GetValueOrDefault(source.Id)));
        }
        return differences;
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

    private static string ByIdQuery =>
        $"select id, stream_id, version, data from {MeteringEvents.Schema}.mt_events where type = $1 and id = any($2)";

    /// <summary>
    /// The period's openings and accruals in version order, as Marten's stream read gives them (the
    /// stream's other events, if any, are none of the recomputation's); or only the first naming a
    /// rate card, the card the period is priced by.
    /// </summary>
    private static string AccrualsQuery(bool firstNamingACard) =>
        $"""
        select version, type, data from {PricingEvents.Schema}.mt_events
        where stream_id = $1 and type = any($2){(firstNamingACard ? " and data ->> 'RateCardId' is not null" : "")}
        order by version{(firstNamingACard ? " limit 1" : "")}
        """;

    private string[] AccrualTypes => [EventTypeName(stores.Pricing, typeof(PeriodOpened)), EventTypeName(stores.Pricing, typeof(UsageAccrued))];

    private static string EventTypeName(DocumentStore store, Type type) =>
        ((Marten.Events.EventGraph)store.Options.Events).EventMappingFor(type).EventTypeName;

    private Func<NpgsqlDataReader, (long Version, object Data)> ReadAccrual
    {
        get
        {
            var opened = EventTypeName(stores.Pricing, typeof(PeriodOpened));
            var serializer = stores.Pricing.Options.Serializer();
            return reader => (reader.GetInt64(0),
                reader.GetString(1) == opened ? serializer.FromJson<PeriodOpened>(reader, 2) : serializer.FromJson<UsageAccrued>(reader, 2));
        }
    }

    /// <summary>Each ledger event, in the query's order, to <paramref name="fold"/> as soon as it is deserialized.</summary>
    private Task ReadLedgerAsync(string sql, object[] parameters, Action<LedgerEvent> fold, CancellationToken cancellationToken)
    {
        var serializer = stores.Metering.Options.Serializer();
        return ReadAsync(sql, [EventTypeName(stores.Metering, typeof(NodeUsageRecorded)), .. parameters],
            reader => new LedgerEvent(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), serializer.FromJson<NodeUsageRecorded>(reader, 3)),
            fold, cancellationToken);
    }

    /// <summary>Each row, in the query's order, to <paramref name="fold"/> as soon as one task has read it, while that task reads the next.</summary>
    private async Task ReadAsync<T>(string sql, object[] parameters, Func<NpgsqlDataReader, T> read, Action<T> fold, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rows = Channel.CreateBounded<T>(new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await using var command = stores.Database.CreateCommand(sql);
                foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
                await using var reader = await command.ExecuteReaderAsync(stop.Token);
                while (await reader.ReadAsync(stop.Token)) await rows.Writer.WriteAsync(read(reader), stop.Token);
                rows.Writer.Complete();
            }
            catch (Exception e)
            {
                rows.Writer.Complete(e);
            }
        }, stop.Token);
        try
        {
            await foreach (var row in rows.Reader.ReadAllAsync(stop.Token)) fold(row);
        }
        finally
        {
            // A fold that failed must not leave the reader waiting on a full channel.
            await stop.CancelAsync();
            await reading;
        }
    }
}
