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
/// stream passes three stages at once, bounded channels between them: one task reads rows' JSON,
/// every core deserializes them and computes what depends on one event alone (its canonical form
/// for its link, the digest of its quantities), and the fold takes them in order. Nothing here
/// decides anything.
/// </summary>
public sealed class EvidenceReader(AuditedStores stores)
{
    /// <summary>Rows handed between stages at once: enough to spread over the cores.</summary>
    private const int Chunk = 64;

    /// <summary>Chunks waiting between two stages; bounded, so a slow fold holds back the reader instead of buffering the month.</summary>
    private const int ChunksInFlight = 4;

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
        await ReadAccrualsAsync(AccrualsQuery(firstNamingACard: true), accrualStream, read => firstNamingACard = read.Data, cancellationToken);
        var rateCardId = FullRecompute.RateCardIdOf(invoice, firstNamingACard);
        await using var pricing = stores.Pricing.QuerySession();
        var rateCard = rateCardId is null ? [] : await pricing.Events.FetchStreamAsync(rateCardId, token: cancellationToken);
        var card = RateCard.From(rateCard.Select(e => e.Data).OfType<RateCardVersionPublished>());

        var terms = FullRecompute.TermsCutting(invoice, accountStream);
        var ledger = new LedgerFold(accrualStream, terms, card);
        var (from, to) = FullRecompute.LedgerHoursOf(invoice);
        await ReadLedgerAsync(HoursQuery, [from, to], ledger.Prepare, ledger.Add, cancellationToken);
        ledger.EndRead();

        var accruals = new AccrualFold(totalsVersion, ledger, card, compare: terms is not null && card is not null);
        await ReadAccrualsAsync(AccrualsQuery(firstNamingACard: false), accrualStream, accruals.Add, cancellationToken);

        var missing = FullRecompute.SourceIdsOf(accruals).Where(id => !ledger.ById.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
        {
            await ReadLedgerAsync(StreamsQuery, [missing], ledger.Prepare, ledger.Add, cancellationToken);
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
        await ReadLedgerAsync(ByIdQuery, [withCommands], read => read, read => commands[read.Id] = ledger.CommandOf(read)!, cancellationToken);
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
        await ReadLedgerAsync(HoursQuery, [from, to], read => read, events.Add, cancellationToken);
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

    private static string EventTypeName(DocumentStore store, Type type) =>
        ((Marten.Events.EventGraph)store.Options.Events).EventMappingFor(type).EventTypeName;

    /// <summary>The period's openings and accruals the query selects, in its order, each prepared for the fold on any core.</summary>
    private Task ReadAccrualsAsync(string sql, string accrualStream, Action<PreparedAccrual> fold, CancellationToken cancellationToken)
    {
        var opened = EventTypeName(stores.Pricing, typeof(PeriodOpened));
        var serializer = stores.Pricing.Options.Serializer();
        return ReadAsync(sql, [accrualStream, new[] { opened, EventTypeName(stores.Pricing, typeof(UsageAccrued)) }],
            reader => (Version: reader.GetInt64(0), Type: reader.GetString(1), Json: Utf8Of(reader, 2)),
            row => AccrualFold.Prepare(row.Version, row.Type == opened ? serializer.FromJson<PeriodOpened>(row.Json) : serializer.FromJson<UsageAccrued>(row.Json)),
            fold, cancellationToken);
    }

    /// <summary>Each ledger event the query selects, in its order, deserialized and prepared on any core, to <paramref name="fold"/>.</summary>
    private Task ReadLedgerAsync<T>(string sql, object[] parameters, Func<LedgerEvent, T> prepare, Action<T> fold, CancellationToken cancellationToken)
    {
        var serializer = stores.Metering.Options.Serializer();
        return ReadAsync(sql, [EventTypeName(stores.Metering, typeof(NodeUsageRecorded)), .. parameters],
            reader => (Id: reader.GetGuid(0), Stream: reader.GetString(1), Version: reader.GetInt64(2), Json: Utf8Of(reader, 3)),
            row => prepare(new LedgerEvent(row.Id, row.Stream, row.Version, serializer.FromJson<NodeUsageRecorded>(row.Json))),
            fold, cancellationToken);
    }

    /// <summary>A row's JSON as PostgreSQL sends it, UTF-8: as a string it would be decoded to UTF-16 only to be encoded back for the serializer.</summary>
    private static MemoryStream Utf8Of(NpgsqlDataReader reader, int column) => new(reader.GetFieldValue<byte[]>(column), writable: false);

    /// <summary>
    /// Each row, in the query's order, read by one task, prepared on every core in chunks, and
    /// folded in order as soon as its chunk is prepared, while the next are read and prepared.
    /// </summary>
    private async Task ReadAsync<TRow, TPrepared>(
        string sql, object[] parameters, Func<NpgsqlDataReader, TRow> read, Func<TRow, TPrepared> prepare, Action<TPrepared> fold,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true };
        var rows = Channel.CreateBounded<TRow[]>(options);
        var prepared = Channel.CreateBounded<TPrepared[]>(options);
        var reading = Task.Run(async () =>
        {
            try
            {
                await using var command = stores.Database.CreateCommand(sql);
                foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
                await using var reader = await command.ExecuteReaderAsync(stop.Token);
                var chunk = new List<TRow>(Chunk);
                while (await reader.ReadAsync(stop.Token))
                {
                    chunk.Add(read(reader));
                    if (chunk.Count < Chunk) continue;
                    await rows.Writer.WriteAsync([.. chunk], stop.Token);
                    chunk.Clear();
                }
                if (chunk.Count > 0) await rows.Writer.WriteAsync([.. chunk], stop.Token);
                rows.Writer.Complete();
            }
            catch (Exception e)
            {
                rows.Writer.Complete(e);
            }
        }, stop.Token);
        var preparing = Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in rows.Reader.ReadAllAsync(stop.Token))
                {
                    var done = new TPrepared[chunk.Length];
                    Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = stop.Token }, i => done[i] = prepare(chunk[i]));
                    await prepared.Writer.WriteAsync(done, stop.Token);
                }
                prepared.Writer.Complete();
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // One row that cannot be read fails the read as it would have read alone.
                prepared.Writer.Complete(e.InnerExceptions[0]);
            }
            catch (Exception e)
            {
                prepared.Writer.Complete(e);
            }
        }, stop.Token);
        try
        {
            await foreach (var chunk in prepared.Reader.ReadAllAsync(stop.Token))
                foreach (var row in chunk) fold(row);
        }
        finally
        {
            // A fold that failed must not leave the other stages waiting on a full channel.
            await stop.CancelAsync();
            await reading;
            await preparing;
        }
    }
}
