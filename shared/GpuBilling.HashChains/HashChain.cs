using System.Buffers;
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
        HashOf(previousHash, EventTypeOf(@event), CanonicalJson.Utf8(@event, nameof(ChainedEvent.Hash)));

    /// <summary>What an event's hash is over besides its predecessor and type: its canonical JSON without its own hash, in UTF-8.</summary>
    public static byte[] CanonicalOf(ChainedEvent @event) => CanonicalJson.Utf8Of(@event, leaveOut: nameof(ChainedEvent.Hash));

    /// <summary>The hash over the three parts' UTF-8 one after the other, which is the UTF-8 of the three joined: no string is built.</summary>
    public static string HashOf(string previousHash, string eventType, ReadOnlySpan<byte> canonicalUtf8)
    {
        var sha256 = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendUtf8(sha256, previousHash);
        AppendUtf8(sha256, eventType);
        sha256.AppendData(canonicalUtf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha256.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    [ThreadStatic]
    private static IncrementalHash? _sha256;

    private static void AppendUtf8(IncrementalHash hash, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> utf8 = rented is null ? stackalloc byte[512] : rented;
        hash.AppendData(utf8[..Encoding.UTF8.GetBytes(text, utf8)]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

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
