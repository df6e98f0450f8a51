using GpuBilling.HashChains;
using JasperFx.Events;

namespace Audit.Streams;

/// <summary>
/// A page of one stream's events exactly as stored, with the verification of their hash chain
/// from the event before the page, so an auditor can read any history and see at once whether it
/// was changed after it was written.
/// </summary>
/// <param name="Store">"metering", "pricing" or "invoicing": whose event store the stream is in.</param>
/// <param name="Version">The stream's current version: how many events it holds.</param>
/// <param name="After">Pass as <c>after</c> to read the next page; null on the last.</param>
public sealed record StreamHistory(
    string Store,
    string StreamKey,
    long Version,
    IReadOnlyList<StoredEvent> Events,
    ChainVerification Chain,
    long? After);

/// <summary>One event as stored: its id, version, type, when it was appended, its hash and its data.</summary>
public sealed record StoredEvent(long Version, Guid Id, string Type, DateTimeOffset Timestamp, string? Hash, object Data);

public static class StreamHistoryOf
{
    /// <summary>
    /// The page <paramref name="events"/> of a stream at <paramref name="version"/>; the chain is
    /// verified from <paramref name="previous"/>, the event just before the page (none on the first).
    /// </summary>
    public static StreamHistory Of(string store, string streamKey, long version, IEvent? previous, IReadOnlyList<IEvent> events)
    {
        var previousHash = previous?.Data is ChainedEvent chained ? chained.Hash : HashChain.Genesis;
        var firstVersion = events.Count > 0 ? events[0].Version : (previous?.Version ?? 0) + 1;
        var chain = events.All(e => e.Data is ChainedEvent)
            ? HashChain.Verify(events.Select(e => (ChainedEvent)e.Data), previousHash, firstVersion)
            : new ChainVerification(0, new BrokenLink(firstVersion, events.First(e => e.Data is not ChainedEvent).EventTypeName, "", "a chained event"));
        var last = events.Count > 0 ? events[^1].Version : previous?.Version ?? 0;
        return new StreamHistory(
            store,
            streamKey,
            version,
            [.. events.Select(e => new StoredEvent(e.Version, e.Id, e.EventTypeName, e.Timestamp, (e.Data as ChainedEvent)?.Hash, e.Data))],
            chain,
            last < version ? last : null);
    }
}
