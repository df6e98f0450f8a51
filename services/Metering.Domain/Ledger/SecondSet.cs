using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Metering.Contracts;
using System.Text.Json.Serialization;

namespace Metering.Ledger;

/// <summary>
/// Which seconds of one UTC hour were seen: an immutable 3,600-bit set. It is what makes
/// the ledger lossless and compact at once: an event names exactly the seconds it
/// counts, in run-length text ("0-59,120"), instead of a row per second.
/// </summary>
[JsonConverter(typeof(SecondSetJsonConverter))]
public sealed class SecondSet : IEquatable<SecondSet>
{
    public const int SecondsPerHour = 3600;
    private const int WordCount = (SecondsPerHour + 63) / 64;

    private readonly ulong[] _words;

    private SecondSet(ulong[] words)
    {
        _words = words;
        Count = words.Sum(BitOperations.PopCount);
    }

    public static SecondSet Empty { get; } = new(new ulong[WordCount]);

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    public static SecondSet Of(IEnumerable<int> secondsOfHour)
    {
        var words = new ulong[WordCount];
        foreach (var second in secondsOfHour)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(second);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(second, SecondsPerHour);
            words[second >> 6] |= 1UL << (second & 63);
        }
        return new SecondSet(words);
    }

    public bool Contains(int secondOfHour) =>
        secondOfHour is >= 0 and < SecondsPerHour && (_words[secondOfHour >> 6] & (1UL << (secondOfHour & 63))) != 0;

    public SecondSet Union(SecondSet other) => Combine(other, static (a, b) => a | b);

    public bool Overlaps(SecondSet other)
    {
        for (var i = 0; i < WordCount; i++)
            if ((_words[i] & other._words[i]) != 0) return true;
        return false;
    }

    /// <summary>The earliest second in the set; the set must not be empty.</summary>
    public int First()
    {
        for (var word = 0; word < WordCount; word++)
            if (_words[word] != 0) return (word << 6) + BitOperations.TrailingZeroCount(_words[word]);
        throw new InvalidOperationException("The set is empty.");
    }

    /// <summary>The latest second in the set; the set must not be empty.</summary>
    public int Last()
    {
        for (var word = WordCount - 1; word >= 0; word--)
            if (_words[word] != 0) return (word << 6) + 63 - BitOperations.LeadingZeroCount(_words[word]);
        throw new InvalidOperationException("The set is empty.");
    }

    /// <summary>The set as its fixed-size bitmap (little-endian words), for storage that is written and read far more often than it is looked at.</summary>
    public byte[] ToBitmap()
    {
        var bytes = new byte[WordCount * sizeof(ulong)];
        for (var i = 0; i < WordCount; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), _words[i]);
        return bytes;
    }

    /// <exception cref="FormatException">The bytes are not a bitmap this type wrote.</exception>
    public static SecondSet FromBitmap(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != WordCount * sizeof(ulong)) throw new FormatException($"A second set's bitmap is {WordCount * sizeof(ulong)} bytes, not {bytes.Length}.");
        var words = new ulong[WordCount];
        for (var i = 0; i < WordCount; i++) words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]);
        if ((words[^1] >> (SecondsPerHour & 63)) != 0) throw new FormatException("The bitmap names seconds past the hour.");
        return new SecondSet(words);
    }

    public SecondSet Except(SecondSet other) => Combine(other, static (a, b) => a & ~b);

    public SecondSet Intersect(SecondSet other) => Combine(other, static (a, b) => a & b);

    public IEnumerable<int> Seconds()
    {
        for (var word = 0; word < WordCount; word++)
        {
            var bits = _words[word];
            while (bits != 0)
            {
                yield return (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
    }

    /// <summary>How many of these seconds fall in each quarter hour of the hour (the read model's buckets).</summary>
    public int[] CountPerQuarterHour()
    {
        var counts = new int[4];
        foreach (var second in Seconds()) counts[second / 900]++;
        return counts;
    }

    public override string ToString() => Runs.Format(Seconds().Select(s => (long)s));

    public static SecondSet Parse(string runs) => Of(Runs.Parse(runs).Select(checked(s => (int)s)));

    public bool Equals(SecondSet? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as SecondSet);

    public override int GetHashCode() => HashCode.Combine(Count, _words[0], _words[^1]);

    private SecondSet Combine(SecondSet other, Func<ulong, ulong, ulong> op)
    {
        var words = new ulong[WordCount];
        for (var i = 0; i < WordCount; i++) words[i] = op(_words[i], other._words[i]);
        return new SecondSet(words);
    }
}

internal sealed class SecondSetJsonConverter : JsonConverter<SecondSet>
{
    public override SecondSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SecondSet.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, SecondSet value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
