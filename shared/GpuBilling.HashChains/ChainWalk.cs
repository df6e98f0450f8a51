namespace GpuBilling.HashChains;

/// <summary>
/// <see cref="HashChain.Verify"/> one event at a time, for a stream read as it streams past
/// (the auditor's month of accruals) instead of held whole: the same walk, the same verdict.
/// </summary>
public sealed class ChainWalk(string previousHash = HashChain.Genesis, long firstVersion = 1)
{
    private string _previousHash = previousHash;
    private long _version = firstVersion;
    private int _intact;
    private BrokenLink? _broken;

    /// <summary>Takes the next event; after the first broken link nothing more is checked, as everything after it is unproven.</summary>
    /// <param name="canonical">
    /// The event's <see cref="HashChain.CanonicalOf"/>, where it was computed already (the costly part
    /// of a link, and independent of the links before it, so a reader can compute it in parallel).
    /// </param>
    public void Add(ChainedEvent @event, byte[]? canonical = null)
    {
        if (_broken is not null) return;
        var expected = canonical is null
            ? HashChain.HashOf(_previousHash, @event)
            : HashChain.HashOf(_previousHash, HashChain.EventTypeOf(@event), canonical);
        if (!string.Equals(expected, @event.Hash, StringComparison.Ordinal))
        {
            _broken = new BrokenLink(_version, HashChain.EventTypeOf(@event), @event.Hash, expected);
            return;
        }
        _previousHash = @event.Hash;
        _intact++;
        _version++;
    }

    public bool IsIntact => _broken is null;

    public ChainVerification Verification => new(_intact, _broken);
}
