using System.Globalization;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Credits;
using Invoicing.Invoices;
using Invoicing.Ratings;
using JasperFx.Events;
using Metering.Ledger;
using Pricing;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Audit.Recompute;

/// <summary>A ledger event as metering stored it, as it streams past: its id is what an accrual's source id names.</summary>
public sealed record LedgerEvent(Guid Id, string StreamKey, long Version, NodeUsageRecorded Recorded);

/// <summary>
/// Everything one invoice's recomputation reads, as stored (see <see cref="EvidenceReader"/>):
/// the invoice and billing account streams, the rate card, the ledger streams of the period's
/// hours plus those of any other event the accruals name, and the whole accrual stream of the
/// period (events after the invoice's version tell late usage), the last two folded as they were
/// read, with the differences of the accruals that did not match their ledger events on the way.
/// </summary>
public sealed record Evidence(
    string InvoiceId,
    IReadOnlyList<IEvent> InvoiceStream,
    IReadOnlyList<IEvent> AccountStream,
    string AccrualStream,
    AccrualFold Accruals,
    IReadOnlyList<QuantityDifference> SourceDifferences,
    string? RateCardId,
    IReadOnlyList<IEvent> RateCardEvents,
    LedgerFold Ledger,
    IReadOnlyList<IEvent>? CreditStream = null);

/// <summary>
/// Recomputes an invoice from the usage ledger, through accrual and rating, to its lines, with the
/// services' own pure functions, and compares every hop with what the next service stored.
/// </summary>
/// <remarks>
/// This is the one place that reads other services' events. Everywhere else a service reads only
/// its own schema and learns of others through their messages and APIs; but an independent
/// recomputation must not trust the services' own answers about themselves (an API answers from
/// the very state an auditor wants to check), so the auditor reads every service's events as
/// stored. It only ever reads: its connections refuse writes and its stores never create schema.
/// Functions are reused, data is not: a difference here means the stored data do not follow from
/// their sources, never that two copies of a rule drifted apart.
/// </remarks>
public static class FullRecompute
{
    /// <summary>The invoice a stream holds, folded; null when it holds none.</summary>
    public static Invoice? InvoiceOf(IReadOnlyList<IEvent> stream) => Invoice.Replay(stream.Select(e => e.Data).OfType<InvoiceEvent>());

    /// <summary>
    /// The accrual stream and version the invoice's charges were rated from, as their lineage names
    /// them; for an invoice with no charges, the period's stream at the invoice's version.
    /// </summary>
    public static (string AccrualStream, long TotalsVersion, IReadOnlyList<string> Problems) LineageOf(Invoice invoice)
    {
        var period = new AccrualStreamKey(invoice.TenantId, invoice.Period.Start).ToString();
        var named = invoice.Charges.Select(c => (c.Lineage.AccrualStream, c.Lineage.TotalsVersion)).Distinct().ToList();
        if (named.Count == 0) return (period, invoice.TotalsVersion, []);
        if (named is [({ } stream, { } version)])
        {
            return stream == period
                ? (stream, version, [])
                : (stream, version, [$"the charges' lineage names accrual stream {stream}; the period's is {period}"]);
        }
        return (period, invoice.TotalsVersion,
            [$"the charges' lineage names {string.Join(", ", named.Select(n => $"{n.AccrualStream ?? "(none)"} v{n.TotalsVersion?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}"))}, not one accrual stream version"]);
    }

    /// <summary>The rate card the period is priced by: the one its first accrual event naming one names, else the one its charges name.</summary>
    public static string? RateCardIdOf(Invoice invoice, object? firstNamingACard) =>
        firstNamingACard switch { PeriodOpened o => o.RateCardId, UsageAccrued a => a.RateCardId, _ => null }
        ?? invoice.Charges.FirstOrDefault()?.Lineage.RateCardId;

    /// <summary>The ledger events the accruals name.</summary>
    public static IReadOnlySet<Guid> SourceIdsOf(IReadOnlyList<IEvent> accruals) =>
        accruals.Select(e => e.Data).OfType<UsageAccrued>()
            .Select(a => Guid.TryParse(a.SourceId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .ToHashSet();

    /// <summary>The ledger events the folded accruals name (any version: later ones tell late usage).</summary>
    public static IEnumerable<Guid> SourceIdsOf(AccrualFold accruals) => accruals.FirstAccruedAt.Keys.Where(id => id != Guid.Empty);

    /// <summary>The UTC hours whose ledger events can hold seconds of the period: a period may start inside an hour (Kolkata's at :30).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) LedgerHoursOf(Invoice invoice)
    {
        var start = invoice.Period.Start.ToUniversalTime();
        return (new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero), invoice.Period.End);
    }

    public static FullRecomputeReport Of(Evidence evidence)
    {
        var invoiceHop = AuditReport.Of(evidence.InvoiceId, AsRead(evidence.InvoiceStream), AsRead(evidence.CreditStream ?? []))
            ?? throw new ArgumentException($"There is no invoice {evidence.InvoiceId} in the evidence.", nameof(evidence));
        var invoice = InvoiceOf(evidence.InvoiceStream)!;
        var (accrualStream, totalsVersion, lineageProblems) = LineageOf(invoice);
        var card = RateCard.From(evidence.RateCardEvents.Select(e => e.Data).OfType<RateCardVersionPublished>());

        var rating = Rating(invoice, accrualStream, totalsVersion, lineageProblems, evidence.Accruals, evidence.RateCardId, card);
        var ledger = Ledger(invoice, totalsVersion, evidence.Accruals, evidence.SourceDifferences, card, evidence.Ledger);
        var chains = Chains(evidence, invoiceHop, ledger);

        List<string> findings =
        [
            .. chains.Where(c => !c.Intact).Select(c => $"chain: {c}"),
            .. invoiceHop.Recompute?.Lines.Select(l => $"invoice: {l}") ?? [],
            .. invoiceHop.Recompute?.Totals.Select(t => $"invoice: {t}") ?? [],
            .. invoiceHop.Recompute?.Settlement?.Select(d => $"invoice: {d}") ?? [],
            .. rating.Problems.Select(p => $"rating: {p}"),
            .. rating.Charges.Select(l => $"rating: {l}"),
            .. rating.Totals.Select(t => $"rating: {t}"),
            .. ledger.Problems.Select(p => $"ledger: {p}"),
            .. ledger.Quantities.Select(q => $"ledger: {q}"),
            .. ledger.Reconciliation is { Matches: false } reconciliation ? [$"ledger: {reconciliation}"] : Array.Empty<string>(),
        ];
        return new FullRecomputeReport(evidence.InvoiceId, invoice.Issued?.InvoiceNumber, findings.Count == 0, chains, invoiceHop, rating, ledger, findings);
    }

    /// <summary>
    /// Every stream the recomputation rests on, its hash chain verified over the events as stored:
    /// the invoice, the billing account, the accrual stream, the rate card, and each ledger stream
    /// holding the tenant's usage in the period or an event the accruals name. Other tenants'
    /// ledger streams of the same hours are read but are not this invoice's evidence. A ledger
    /// stream with a broken link is named on its own; the intact ones are summed up in one line.
    /// </summary>
    private static List<ChainCheck> Chains(Evidence evidence, AuditReport invoiceHop, LedgerHop ledger)
    {
        var account = evidence.AccountStream.Where(e => e.Data is BillingAccountEvent).ToList();
        var rateCard = evidence.RateCardEvents.Where(e => e.Data is RateCardVersionPublished).ToList();
        var ledgerStreams = LedgerStreamsOf(evidence, ledger)
            .Select(key => (Key: key, evidence.Ledger.Streams[key].Events, evidence.Ledger.Streams[key].Chain))
            .ToList();
        var intact = ledgerStreams.Where(s => s.Chain.IsIntact).ToList();
        return
        [
            new("invoice", evidence.InvoiceId, invoiceHop.Events, invoiceHop.Chain.FirstBroken),
            new("billing account", evidence.AccountStream.FirstOrDefault()?.StreamKey ?? "(none)", account.Count, Verify(account).FirstBroken),
            .. invoiceHop.CreditChain is { } credit
                ? [new ChainCheck("credit", evidence.CreditStream![0].StreamKey ?? "", evidence.CreditStream.Count(e => e.Data is CreditEvent), credit.FirstBroken)]
                : Array.Empty<ChainCheck>(),
            new("accrual", evidence.AccrualStream, evidence.Accruals.Events, evidence.Accruals.Chain.FirstBroken),
            new("rate card", evidence.RateCardId ?? "(none)", rateCard.Count, Verify(rateCard).FirstBroken),
            .. ledgerStreams.Where(s => !s.Chain.IsIntact).Select(s => new ChainCheck("usage ledger", s.Key, s.Events, s.Chain.FirstBroken)),
            new("usage ledger", $"of {ledger.TenantId} in the period", intact.Sum(s => s.Events), null) { Streams = intact.Count },
        ];
    }

    /// <summary>The tenant's ledger streams in the period and those of the events its accruals name, in stream order.</summary>
    private static IEnumerable<string> LedgerStreamsOf(Evidence evidence, LedgerHop ledger) =>
        SourceIdsOf(evidence.Accruals)
            .Select(id => evidence.Ledger.ById.GetValueOrDefault(id)?.StreamKey)
            .OfType<string>()
            .Concat(ledger.Reconciliation?.LedgerStreams ?? [])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static List<(long Version, object Data)> AsRead(IReadOnlyList<IEvent> stream) => [.. stream.Select(e => (e.Version, e.Data))];

    private static ChainVerification Verify(IReadOnlyList<IEvent> stream) =>
        Verify(stream.Select(e => (e.Version, (ChainedEvent)e.Data)));

    /// <summary>From the genesis hash at the first version read, so a stream missing its first events breaks too.</summary>
    internal static ChainVerification Verify(IEnumerable<(long Version, ChainedEvent Event)> stream)
    {
        var events = stream.ToList();
        return HashChain.Verify(events.Select(e => e.Event), firstVersion: events.Count == 0 ? 1 : events[0].Version);
    }

    private static CreditSettlement? SettlementOf(InvoiceFinalized issued) =>
        issued.Discount is null && issued.Payment is null ? null : new CreditSettlement(issued.Discount?.Grants ?? [], issued.Payment?.Grants ?? []);

    /// <summary>
    /// Folds the accruals up to the invoice's version and rates them as pricing's publisher does,
    /// then maps the rating as invoicing's consumer does, so nothing here can price differently.
    /// </summary>
    private static RatingHop Rating(
        Invoice invoice, string accrualStream, long totalsVersion, IReadOnlyList<string> lineageProblems,
        AccrualFold accruals, string? rateCardId, RateCard? card)
    {
        var problems = new List<string>(lineageProblems);
        if (accruals.Rated != totalsVersion)
            problems.Add($"the invoice was rated from accrual stream {accrualStream} at version {totalsVersion}; the stream holds {accruals.Rated} accrual events up to it");

        IReadOnlyList<ChargeLine> recomputed = [];
        long? recomputedSeconds = null;
        if (accruals.Usage is { } usage)
        {
            recomputedSeconds = usage.MeteredGpuSeconds;
            if (card is null)
            {
                problems.Add($"rate card {rateCardId ?? usage.RateCardId} has no published version to rate with");
            }
            else
            {
                try
                {
                    var periodRated = Pricing.Rating.RatedPeriods.Of(usage, accruals.Allocations, card, invoice.Issued?.OccurredAt ?? DateTimeOffset.UnixEpoch);
                    recomputed = new PeriodCharges(PeriodCharges.KeyFor(invoice.TenantId, invoice.Period.Start), periodRated).ChargeLines();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    problems.Add($"the accruals cannot be rated by rate card {card.Id}: {e.Message}");
                }
            }
        }
        if ((invoice.MeteredGpuSeconds ?? 0) != (recomputedSeconds ?? 0))
            problems.Add($"MeteredGpuSeconds stored {invoice.MeteredGpuSeconds?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}, recomputed {recomputedSeconds?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}");

        var charges = InvoiceRecompute.CompareCharges(invoice.Currency, invoice.Charges, recomputed);
        // Only an issued invoice has a tax rate and totals to hold the recomputation against.
        // The credit settling it stays as stored: the ledger says nothing about credit (the invoice hop checks it against the credit stream).
        var fromLedger = invoice.Issued is { } issued
            ? invoice.Inputs(issued.TaxRate) with { Charges = recomputed, Credits = SettlementOf(issued) }
            : null;
        return new RatingHop(
            accrualStream, totalsVersion, card?.Id ?? rateCardId, invoice.MeteredGpuSeconds, recomputedSeconds, charges,
            fromLedger is null ? [] : InvoiceRecompute.Compare(invoice.Issued!, fromLedger).Totals,
            problems)
        {
            FromLedger = fromLedger is null ? null : InvoiceCalculation.Compute(fromLedger),
        };
    }

    /// <summary>
    /// Each accrual up to the invoice's version derived again from the ledger event it names, with
    /// pricing's own split at period bounds and its own accrual decision (compared as the accruals
    /// streamed past: <see cref="AccrualFold"/>), and the tenant's seconds in the ledger reconciled
    /// with the seconds accrued.
    /// </summary>
    private static LedgerHop Ledger(
        Invoice invoice, long totalsVersion, AccrualFold accruals, IReadOnlyList<QuantityDifference> differences, RateCard? card, LedgerFold ledger)
    {
        var tenant = invoice.TenantId;
        if (ledger.Terms is null)
            return new LedgerHop(tenant, 0, [], null, [$"tenant {tenant} has no billing account whose terms cut the period {invoice.Period}"]);
        if (card is null)
            return new LedgerHop(tenant, 0, [], null, ["there is no rate card to accrue with"]);

        var firstAccruedAt = accruals.FirstAccruedAt;
        long ledgerSeconds = 0, ratedSeconds = 0, laterSeconds = 0;
        var tenantLedger = new List<string>();
        var never = new List<UnaccruedLedgerEvent>();
        foreach (var source in ledger.Events.OrderBy(e => e.StreamKey, StringComparer.Ordinal))
        {
            var seconds = source.Seconds;
            if (seconds == 0) continue;
            tenantLedger.Add(source.StreamKey);
            ledgerSeconds += seconds;
            if (!firstAccruedAt.TryGetValue(source.Id, out var version)) never.Add(new UnaccruedLedgerEvent(source.Id, source.StreamKey, seconds));
            else if (version <= totalsVersion) ratedSeconds += seconds;
            else laterSeconds += seconds;
        }
        var reconciliation = new LedgerReconciliation(ledgerSeconds, ratedSeconds, accruals.Usage?.MeteredGpuSeconds ?? 0, laterSeconds, never) { LedgerStreams = tenantLedger };
        return new LedgerHop(tenant, accruals.SourcesChecked, differences, reconciliation, []);
    }

    /// <summary>The command as pricing would have decided it for the stored accrual: the period keeps the card its first accrual named, as pricing's writer does.</summary>
    internal static AccrueUsage AsStoredDecides(AccrueUsage command, UsageAccrued stored, PeriodUsage? state) =>
        command with { RateCardId = state?.RateCardId ?? stored.RateCardId, Now = stored.AccruedAt, AccruedBy = stored.AccruedBy };

    /// <summary>
    /// An accrual against the ledger event it names, allocation by allocation.
    /// </summary>
    /// <param name="source">The ledger event as folded; null when metering's ledger has no such event.</param>
    /// <param name="command">The tenant's part of it in the period; null when it holds none.</param>
    internal static List<QuantityDifference> SourceDifferences(
        long version, UsageAccrued stored, PeriodUsage? state, RateCard card, FoldedLedgerEvent? source, AccrueUsage? command)
    {
        List<QuantityDifference> Whole(string field, string storedText, string recomputedText) =>
            [new(version, stored.SourceId, null, field, storedText, recomputedText)];

        if (source is null)
            return Whole("LedgerEvent", "accrued", "(no such event in metering's ledger)");
        if (command is null)
            return Whole("Usage", $"{Text(stored.Quantities.Sum(q => q.Seconds))} GPU-seconds", $"(ledger event {source.StreamKey} holds none of {stored.TenantId}'s usage in the period)");

        IReadOnlyList<AccruedQuantity> recomputed;
        try
        {
            recomputed = AccrueUsageDecision.Quantities(AsStoredDecides(command, stored, state), state, card);
        }
        catch (CommandRefused refused)
        {
            return Whole("Refused", "accrued", refused.Message);
        }

        var differences = new List<QuantityDifference>();
        var before = stored.Quantities.ToDictionary(KeyOf);
        var now = recomputed.ToDictionary(KeyOf);
        foreach (var key in before.Keys.Union(now.Keys).OrderBy(k => k.RateCardVersion).ThenBy(k => k.Key, PriceKey.Order)
                     .ThenBy(k => k.WorkloadId, StringComparer.Ordinal).ThenBy(k => k.GpuUuid, StringComparer.Ordinal))
        {
            var allocation = $"{key.GpuUuid} {key.WorkloadId} {key.Key} v{key.RateCardVersion}";
            QuantityDifference Field(string field, string a, string b) => new(version, stored.SourceId, allocation, field, a, b);
            if (!before.TryGetValue(key, out var a) || !now.TryGetValue(key, out var b))
            {
                differences.Add(Field("Allocation", before.ContainsKey(key) ? "present" : "(none)", now.ContainsKey(key) ? "present" : "(none)"));
                continue;
            }
            if (a.Seconds != b.Seconds) differences.Add(Field("Seconds", Text(a.Seconds), Text(b.Seconds)));
            if (a.EnergyJoules != b.EnergyJoules) differences.Add(Field("EnergyJoules", Text(a.EnergyJoules), Text(b.EnergyJoules)));
            if (!a.Runs.SequenceEqual(b.Runs)) differences.Add(Field("Runs", CanonicalJson.Of(a.Runs), CanonicalJson.Of(b.Runs)));
        }
        return differences;
    }

    /// <summary>
    /// The tenant's terms as pricing was told them, from the latest billing account event whose terms
    /// cut the invoice's period (a tenant that moved zone since still had this period cut the old way),
    /// through invoicing's publisher and pricing's own decision.
    /// </summary>
    public static TenantTerms? TermsCutting(Invoice invoice, IReadOnlyList<IEvent> accountStream) =>
        accountStream.Where(e => e.Data is BillingAccountEvent).Reverse()
            .Select(e => SetTenantTermsDecision.Decide(BillingTerms.Of(e.Version, (BillingAccountEvent)e.Data), null))
            .FirstOrDefault(t => t is not null && invoice.Period.IsPeriodOf(t.Zone, t.AnchorDay));

    private static AllocationKey KeyOf(AccruedQuantity q) => new(q.RateCardVersion, q.Key, q.WorkloadId, q.GpuUuid);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
