using System.Collections.Concurrent;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Metering.Ledger;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;

namespace Audit.Recompute;

/// <summary>
/// What the recomputation needs of each ledger event, folded as the events stream past so the
/// month is never held: its id and stream, the GPU-seconds of the tenant's part of it in the period
/// as pricing cuts it, the digest of the quantities pricing's decision accrues from that part, and
/// each stream's hash chain verified as soon as the stream has been read. Events arrive ordered by
/// stream and version, so one stream at a time is held whole, for its chain. What is computed of one
/// event alone (<see cref="Prepare"/>: its canonical form, its command's digest) may be computed on
/// any thread, ahead of the fold; the fold itself takes events one at a time, in order.
/// </summary>
public sealed class LedgerFold(string accrualStream, TenantTerms? terms, RateCard? card)
{
    private readonly List<FoldedLedgerEvent> _events = [];
    private readonly Dictionary<Guid, FoldedLedgerEvent> _byId = [];
    private readonly Dictionary<string, StreamChain> _streams = new(StringComparer.Ordinal);
    private readonly List<PreparedLedgerEvent> _stream = [];
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PriceKey, PriceKey> _keys = new();

    [ThreadStatic]
    private static QuantitiesDigest.Writer? _digests;

    /// <summary>The tenant's terms that cut the invoice's period, which every command was cut by; null when none do.</summary>
    public TenantTerms? Terms => terms;

    /// <summary>Every event read, once, in the order read.</summary>
    public IReadOnlyList<FoldedLedgerEvent> Events => _events;

    public IReadOnlyDictionary<Guid, FoldedLedgerEvent> ById => _byId;

    /// <summary>Each stream read, whole, with its chain verified from the genesis hash at its first version read.</summary>
    public IReadOnlyDictionary<string, StreamChain> Streams => _streams;

    /// <summary>What the fold needs of one event that depends on nothing before it; safe on any thread.</summary>
    public PreparedLedgerEvent Prepare(LedgerEvent read)
    {
        var command = CommandOf(read);
        return new PreparedLedgerEvent(read, HashChain.CanonicalOf(read.Recorded), new FoldedLedgerEvent(read.Id, read.StreamKey,
            command is null ? null : Recomputed(command), command?.Usage.Sum(u => u.Runs.Sum(r => (long)r.Seconds)) ?? 0));
    }

    public void Add(LedgerEvent read) => Add(Prepare(read));

    public void Add(PreparedLedgerEvent prepared)
    {
        var read = prepared.Read;
        if (_stream.Count > 0 && _stream[0].Read.StreamKey != read.StreamKey) EndStream();
        _stream.Add(prepared);
        if (_byId.ContainsKey(read.Id)) return;
        _events.Add(prepared.Folded);
        _byId.Add(read.Id, prepared.Folded);
    }

    /// <summary>The tenant's part of the event in the period as pricing cuts it (the command pricing would have accrued); null when it holds none.</summary>
    public AccrueUsage? CommandOf(LedgerEvent read) =>
        terms is null
            ? null
            : AccrualCommands.For(RecordedUsage.Of(read.Id, read.StreamKey, read.Recorded), terms, DateTimeOffset.UnixEpoch, "audit")
                .FirstOrDefault(c => c.StreamKey.ToString() == accrualStream);

    /// <summary>
    /// Ends a read. A stream read again (a later read of whole streams naming one read before) is
    /// verified again over the later read, which holds all of its events.
    /// </summary>
    public void EndRead()
    {
        if (_stream.Count > 0) EndStream();
    }

    /// <summary>
    /// The command's quantities as pricing's decision gives them under the card, before any state:
    /// they depend on the usage and the card alone. What depends on the accrual stream (its card,
    /// tenant and period) and on the stored event (who accrued it) is refused or not by the same
    /// decision on the probe once the stored event and the stream's state are known.
    /// </summary>
    private AccrualCheck Recomputed(AccrueUsage command)
    {
        var probe = command with { Usage = [Shared(command.Usage[0])] };
        if (card is null) return new AccrualCheck(probe, null);
        try
        {
            return new AccrualCheck(probe, (_digests ??= new()).Of(AccrueUsageDecision.Quantities(command with { RateCardId = card.Id }, null, card)));
        }
        catch (CommandRefused)
        {
            return new AccrualCheck(probe, null);
        }
    }

    /// <summary>
    /// The allocation with one copy of each of its names and price key for the whole fold: a month
    /// keeps a probe per ledger event, and the same GPUs and workloads come back every hour.
    /// </summary>
    private AllocationUsage Shared(AllocationUsage usage) => usage with
    {
        WorkloadId = Shared(usage.WorkloadId),
        GpuUuid = Shared(usage.GpuUuid),
        Key = usage.Key is null ? null! : _keys.GetOrAdd(usage.Key, usage.Key),
    };

    private string Shared(string text) => text is null ? null! : _names.GetOrAdd(text, text);

    /// <summary>From the genesis hash at the first version read, so a stream missing its first events breaks too.</summary>
    private void EndStream()
    {
        var chain = new ChainWalk(firstVersion: _stream[0].Read.Version);
        foreach (var e in _stream)
        {
            chain.Add(e.Read.Recorded, e.Canonical);
            if (!chain.IsIntact) break;
        }
        _streams[_stream[0].Read.StreamKey] = new StreamChain(_stream.Count, chain.Verification);
        _stream.Clear();
    }
}

/// <summary>A ledger event read, with what was computed of it alone: its canonical form for its link, and what the fold keeps of it.</summary>
public sealed record PreparedLedgerEvent(LedgerEvent Read, byte[] Canonical, FoldedLedgerEvent Folded);

/// <param name="Check">What the accrual of the tenant's part is checked by; null when the event holds none of the tenant's usage in the period.</param>
/// <param name="Seconds">The GPU-seconds of that part.</param>
public sealed record FoldedLedgerEvent(Guid Id, string StreamKey, AccrualCheck? Check, long Seconds);

/// <summary>
/// What is kept of the tenant's part of a ledger event instead of its accrual command (a month is
/// 93,000 of them): the digest of the quantities the decision accrues from it, and the command with
/// its first allocation alone. The decision judges each allocation on its own and the command's
/// card, period and author on their own; so once the whole usage has passed (the digest exists),
/// the decision on the probe, given the stored card, author and the stream's state, refuses exactly
/// what it would refuse of the whole command.
/// </summary>
/// <param name="Digest">Null when the decision refuses the usage itself (or there is no card): the full comparison names why.</param>
public sealed record AccrualCheck(AccrueUsage Probe, QuantitiesDigest? Digest);

public sealed record StreamChain(int Events, ChainVerification Chain);
