using System.Security.Cryptography;
using System.Text;

namespace GpuBilling.HashChains;

/// <summary>
/// Chains the events of one stream so that editing, removing or reordering any stored event is
/// detectable: <c>Hash = hex(SHA-256(UTF-8(previousHash + eventType + canonicalJson)))</c>, where
/// the canonical JSON (<see cref="CanonicalJson"/>) is the event without its own hash and the
/// first event's previous hash is empty. Knows nothing of invoices: any service whose events
/// derive from <see cref="ChainedEvent"/> can seal and verify with it.
/// </summary>
public static class HashChain
{
    /// <summary>The previous hash of a stream's first event.</summary>
    public const string Genesis = "";

    /// <summary>
    /// The event's published name. It is the type's name; a renamed type must keep being hashed
    /// under its old name (an event type mapping), just as it keeps being stored under it.
    /// </summary>
    public static string EventTypeOf(ChainedEvent @event) => @event.GetType().Name;

    public static string HashOf(string previousHash, ChainedEvent @event) =>
        HashOf(previousHash, EventTypeOf(@event), CanonicalOf(@event));

    /// <summary>What an event's hash is over besides its predecessor and type: its canonical JSON without its own hash.</summary>
    public static string CanonicalOf(ChainedEvent @event) => CanonicalJson.Of(@event, leaveOut: nameof(ChainedEvent.Hash));

    public static string HashOf(string previousHash, string eventType, string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + eventType + canonicalJson)));

    /// <summary>The event with the hash chaining it to <paramref name="previousHash"/>, the hash of its stream's last event.</summary>
    public static T Seal<T>(string previousHash, T @event) where T : ChainedEvent =>
        (T)((ChainedEvent)@event with { Hash = HashOf(previousHash, @event) });

    /// <summary>The events, in order, each with the hash chaining it to the one before (the first to <paramref name="previousHash"/>).</summary>
    public static IReadOnlyList<T> Seal<T>(string previousHash, IEnumerable<T> events) where T : ChainedEvent
    {
        var sealedEvents = new List<T>();
        foreach (var @event in events)
        {
            var sealedEvent = Seal(previousHash, @event);
            sealedEvents.Add(sealedEvent);
            previousHash = sealedEvent.Hash;
        }
        return sealedEvents;
    }

    /// <summary>
    /// Walks a stream (or its tail, given the hash before it and the version of its first event)
    /// and names the first event whose stored hash is not the one its content and predecessor give.
    /// </summary>
    public static ChainVerification Verify(IEnumerable<ChainedEvent> stream, string previousHash = Genesis, long firstVersion = 1)
    {
        var walk = new ChainWalk(previousHash, firstVersion);
        foreach (var @event in stream)
        {
            walk.Add(@event);
            if (!walk.IsIntact) break;
        }
        return walk.Verification;
    }
}

/// <summary>The outcome of walking a stream: how many events matched before the first that did not, if any.</summary>
public sealed record ChainVerification(int EventsIntact, BrokenLink? FirstBroken)
{
    public bool IsIntact => FirstBroken is null;
}

/// <summary>
/// The first event whose stored hash does not match. Everything after it is unproven too,
/// but the first is where history was changed (an edit, or a removal just before it).
/// </summary>
public sealed record BrokenLink(long Version, string EventType, string StoredHash, string ExpectedHash)
{
    public override string ToString() => $"event {Version} ({EventType}) has hash {StoredHash}, its content and predecessor give {ExpectedHash}";
}
