using GpuBilling.HashChains;
using Metering.Ledger;
using Pricing.Accrual;
using Pricing.Tenants;

namespace Audit.Recompute;

/// <summary>
/// What the recomputation needs of each ledger event, folded as the events stream past so the
/// month is never held: its id and stream, the tenant's part of it in the period as pricing cuts
/// it (the command pricing would have accrued), and each stream's hash chain verified as soon as
/// the stream has been read. Events arrive ordered by stream and version, so one stream at a time
/// is held whole, for its chain.
/// </summary>
public sealed class LedgerFold(string accrualStream, TenantTerms? terms)
{
    private readonly List<FoldedLedgerEvent> _events = [];
    private readonly Dictionary<Guid, FoldedLedgerEvent> _byId = [];
    private readonly Dictionary<string, StreamChain> _streams = new(StringComparer.Ordinal);
    private readonly List<LedgerEvent> _stream = [];

    /// <summary>The tenant's terms that cut the invoice's period, which every command was cut by; null when none do.</summary>
    public TenantTerms? Terms => terms;

    /// <summary>Every event read, once, in the order read.</summary>
    public IReadOnlyList<FoldedLedgerEvent> Events => _events;

    public IReadOnlyDictionary<Guid, FoldedLedgerEvent> ById => _byId;

    /// <summary>Each stream read, whole, with its chain verified from the genesis hash at its first version read.</summary>
    public IReadOnlyDictionary<string, StreamChain> Streams => _streams;

    public void Add(LedgerEvent read)
    {
        if (_stream.Count > 0 && _stream[0].StreamKey != read.StreamKey) EndStream();
        _stream.Add(read);
        if (_byId.ContainsKey(read.Id)) return;
        var command = terms is null
            ? null
            : AccrualCommands.For(RecordedUsage.Of(read.Id, read.StreamKey, read.Recorded), terms, DateTimeOffset.UnixEpoch, "audit")
                .FirstOrDefault(c => c.StreamKey.ToString() == accrualStream);
        var folded = new FoldedLedgerEvent(read.Id, read.StreamKey, command, command?.Usage.Sum(u => u.Runs.Sum(r => (long)r.Seconds)) ?? 0);
        _events.Add(folded);
        _byId.Add(read.Id, folded);
    }

    /// <summary>
    /// Ends a read. A stream read again (a later read of whole streams naming one read before) is
    /// verified again over the later read, which holds all of its events.
    /// </summary>
    public void EndRead()
    {
        if (_stream.Count > 0) EndStream();
    }

    private void EndStream()
    {
        _streams[_stream[0].StreamKey] = new StreamChain(_stream.Count, FullRecompute.Verify(_stream.Select(e => (e.Version, (ChainedEvent)e.Recorded))));
        _stream.Clear();
    }
}

/// <param name="Command">The tenant's part of the event in the period as pricing cuts it; null when it holds none.</param>
/// <param name="Seconds">The GPU-seconds of that part.</param>
public sealed record FoldedLedgerEvent(Guid Id, string StreamKey, AccrueUsage? Command, long Seconds);

public sealed record StreamChain(int Events, ChainVerification Chain);
