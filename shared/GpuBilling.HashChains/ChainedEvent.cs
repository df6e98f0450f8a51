namespace GpuBilling.HashChains;

/// <summary>
/// An event that carries the hash linking it to the previous event of its stream (see
/// <see cref="HashChain"/>). The hash is set when the event is sealed onto its stream, never by
/// the code that decides it, so an event built with <c>with</c> keeps the hash of the original
/// and a changed copy no longer matches it.
/// </summary>
public abstract record ChainedEvent
{
    /// <summary>Lower-case hex SHA-256; empty until sealed.</summary>
    public string Hash { get; init; } = "";
}
