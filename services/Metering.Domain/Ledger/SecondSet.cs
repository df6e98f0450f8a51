using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metering.Ledger;

/// <summary>
/// Which seconds of one UTC hour were seen: an immutable set kept as its runs of consecutive
/// seconds. It is what makes the ledger lossless and compact at once: an event names exactly the
/// seconds it counts, in run-length text ("0-59,120"), instead of a row per second. A node's hour
/// is usually one run or a few, so every operation here (parsing, formatting, unions,
/// intersections, counts) costs in runs, never in seconds: "0-3599" is one step, not 3,600.
/// </summary>
[JsonConverter(typeof(SecondSetJsonConverter))]
public sealed class SecondSet : IEquatable<SecondSet>
{
    public const int SecondsPerHour = 3600;
    private const int BitmapBytes = (SecondsPerHour + 63) / 64 * sizeof(ulong);

    /// <summary>Ascending, disjoint and never adjacent (two runs always have a gap between them), so equal sets hold equal runs.</summary>
    private readonly SecondRun[] _runs;

    private SecondSet(SecondRun[] runs)
    {
        _runs = runs;
        foreach (var run in runs) Count += run.Length;
    }

    public static SecondSet Empty { get; } = new([]);

    public int Count { get; }

    public bool IsEmpty => Count == 0;

    /// <summary>The runs of consecutive seconds, ascending.</summary>
    public ReadOnlySpan<SecondRun> Runs => _runs;

    public static SecondSet Of(IEnumerable<int> secondsOfHour)
    {
        var seconds = secondsOfHour.ToArray();
        foreach (var second in seconds) Check(second);
        Array.Sort(seconds);
        var runs = new List<SecondRun>();
        foreach (var second in seconds)
        {
            if (runs.Count > 0 && second <= runs[^1].Last + 1) runs[^1] = runs[^1] with { Last = Math.Max(runs[^1].Last, second) };
            else runs.Add(new SecondRun(second, second));
        }
        return new SecondSet([.. runs]);
    }

    /// <summary>The seconds of the runs, in any order, overlapping or not.</summary>
    public static SecondSet OfRuns(IEnumerable<SecondRun> runs)
    {
        var given = runs.ToArray();
        foreach (var run in given)
        {
            Check(run.First);
            Check(run.Last);
            if (run.Last < run.First) throw new ArgumentException($"The run {run} ends before it starts.", nameof(runs));
        }
        return new SecondSet(Normalized(given));
    }

    public bool Contains(int secondOfHour)
    {
        int low = 0, high = _runs.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (secondOfHour < _runs[middle].First) high = middle - 1;
            else if (secondOfHour > _runs[middle].Last) low = middle + 1;
            else return true;
        }
        return false;
    }

    public SecondSet Union(SecondSet other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        var runs = new List<SecondRun>(_runs.Length + other._runs.Length);
        int i = 0, j = 0;
        while (i < _runs.Length || j < other._runs.Length)
        {
            var next = j == other._runs.Length || (i < _runs.Length && _runs[i].First <= other._runs[j].First) ? _runs[i++] : other._runs[j++];
            if (runs.Count > 0 && next.First <= runs[^1].Last + 1) runs[^1] = runs[^1] with { Last = Math.Max(runs[^1].Last, next.Last) };
            else runs.Add(next);
        }
        return new SecondSet([.. runs]);
    }

    public bool Overlaps(SecondSet other)
    {
        int i = 0, j = 0;
        while (i < _runs.Length && j < other._runs.Length)
        {
            if (_runs[i].Last < other._runs[j].First) i++;
            else if (other._runs[j].Last < _runs[i].First) j++;
            else return true;
        }
        return false;
    }

    public SecondSet Intersect(SecondSet other)
    {
        var runs = new List<SecondRun>();
        int i = 0, j = 0;
        while (i < _runs.Length && j < other._runs.Length)
        {
            var first = Math.Max(_runs[i].First, other._runs[j].First);
            var last = Math.Min(_runs[i].Last, other._runs[j].Last);
            if (first <= last) runs.Add(new SecondRun(first, last));
            if (_runs[i].Last < other._runs[j].Last) i++;
            else j++;
        }
        return new SecondSet([.. runs]);
    }

    public SecondSet Except(SecondSet other)
    {
        if (IsEmpty || other.IsEmpty) return this;
        var runs = new List<SecondRun>();
        var j = 0;
        foreach (var run in _runs)
        {
            var from = run.First;
            while (j < other._runs.Length && other._runs[j].Last < from) j++;
            // Each run of the other set that starts inside this run cuts it; the last may reach into the next run.
            for (var k = j; k < other._runs.Length && other._runs[k].First <= run.Last; k++)
            {
                if (other._runs[k].First > from) runs.Add(new SecondRun(from, other._runs[k].First - 1));
                from = Math.Max(from, other._runs[k].Last + 1);
            }
            if (from <= run.Last) runs.Add(new SecondRun(from, run.Last));
        }
        return new SecondSet([.. runs]);
    }

    /// <summary>The earliest second in the set; the set must not be empty.</summary>
    public int First() => _runs.Length > 0 ? _runs[0].First : throw new InvalidOperationException("The set is empty.");

    /// <summary>The latest second in the set; the set must not be empty.</summary>
    public int Last() => _runs.Length > 0 ? _runs[^1].Last : throw new InvalidOperationException("The set is empty.");

    /// <summary>The set as its fixed-size bitmap (little-endian 64-bit words), for storage that is written and read far more often than it is looked at.</summary>
    public byte[] ToBitmap()
    {
        var words = new ulong[BitmapBytes / sizeof(ulong)];
        foreach (var run in _runs)
            for (var second = run.First; second <= run.Last;)
            {
                // A whole word at a time where the run covers it.
                var bit = second & 63;
                var bits = Math.Min(64 - bit, run.Last - second + 1);
                words[second >> 6] |= (bits == 64 ? ulong.MaxValue : (1UL << bits) - 1) << bit;
                second += bits;
            }
        var bytes = new byte[BitmapBytes];
        for (var i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), words[i]);
        return bytes;
    }

    /// <exception cref="FormatException">The bytes are not a bitmap this type wrote.</exception>
    public static SecondSet FromBitmap(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != BitmapBytes) throw new FormatException($"A second set's bitmap is {BitmapBytes} bytes, not {bytes.Length}.");
        if ((BinaryPrimitives.ReadUInt64LittleEndian(bytes[^sizeof(ulong)..]) >> (SecondsPerHour & 63)) != 0)
            throw new FormatException("The bitmap names seconds past the hour.");
        var runs = new List<SecondRun>();
        var start = -1;
        for (var second = 0; second <= SecondsPerHour; second++)
        {
            var set = second < SecondsPerHour && (bytes[second >> 3] & (1 << (second & 7))) != 0;
            if (set && start < 0) start = second;
            else if (!set && start >= 0)
            {
                runs.Add(new SecondRun(start, second - 1));
                start = -1;
            }
        }
        return new SecondSet([.. runs]);
    }

    public IEnumerable<int> Seconds()
    {
        foreach (var run in _runs)
            for (var second = run.First; second <= run.Last; second++) yield return second;
    }

    /// <summary>How many of these seconds fall in each quarter hour of the hour (the read model's buckets).</summary>
    public int[] CountPerQuarterHour()
    {
        const int Quarter = SecondsPerHour / 4;
        var counts = new int[4];
        foreach (var run in _runs)
            for (var quarter = run.First / Quarter; quarter <= run.Last / Quarter; quarter++)
                counts[quarter] += Math.Min(run.Last, (quarter + 1) * Quarter - 1) - Math.Max(run.First, quarter * Quarter) + 1;
        return counts;
    }

    /// <summary>The run-length text, "0-59,120": each run as its first and last second, a single second alone.</summary>
    public override string ToString()
    {
        if (_runs.Length == 1) return _runs[0].ToString();
        var text = new StringBuilder(_runs.Length * 10);
        foreach (var run in _runs)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(run.First);
            if (run.Last != run.First) text.Append('-').Append(run.Last);
        }
        return text.ToString();
    }

    /// <summary>
    /// Reads run-length text such as <see cref="ToString"/> writes, run by run; runs may come in any
    /// order and overlap (the set is their union), and a run written backwards ("5-3") names no second.
    /// </summary>
    /// <exception cref="FormatException">A run is not a number or two joined by '-'.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A second is outside the hour.</exception>
    public static SecondSet Parse(string runs) => Parse(runs.AsSpan());

    public static SecondSet Parse(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return Empty;
        var runs = new List<SecondRun>(text.Count(',') + 1);
        var ordered = true;
        foreach (var range in text.Split(','))
        {
            var run = text[range];
            var dash = run.Length > 1 ? run[1..].IndexOf('-') : -1;
            var first = Number(dash < 0 ? run : run[..(dash + 1)]);
            var last = dash < 0 ? first : Number(run[(dash + 2)..]);
            if (last < first) continue;
            Check(first);
            Check(last);
            if (runs.Count > 0 && first <= runs[^1].Last + 1) ordered = false;
            runs.Add(new SecondRun((int)first, (int)last));
        }
        return new SecondSet(ordered ? [.. runs] : Normalized([.. runs]));
    }

    public bool Equals(SecondSet? other) => other is not null && _runs.AsSpan().SequenceEqual(other._runs);

    public override bool Equals(object? obj) => Equals(obj as SecondSet);

    public override int GetHashCode() => HashCode.Combine(Count, _runs.Length, _runs.Length > 0 ? _runs[0] : default);

    private static long Number(ReadOnlySpan<char> text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static void Check(long second)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(second, "secondOfHour");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(second, SecondsPerHour, "secondOfHour");
    }

    /// <summary>Sorted, with overlapping and adjacent runs joined.</summary>
    private static SecondRun[] Normalized(SecondRun[] runs)
    {
        Array.Sort(runs, static (a, b) => a.First.CompareTo(b.First));
        var joined = new List<SecondRun>(runs.Length);
        foreach (var run in runs)
        {
            if (joined.Count > 0 && run.First <= joined[^1].Last + 1) joined[^1] = joined[^1] with { Last = Math.Max(joined[^1].Last, run.Last) };
            else joined.Add(run);
        }
        return [.. joined];
    }
}

/// <summary>Consecutive seconds of an hour, <see cref="First"/> to <see cref="Last"/> inclusive.</summary>
public readonly record struct SecondRun(int First, int Last)
{
    public int Length => Last - First + 1;

    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}

internal sealed class SecondSetJsonConverter : JsonConverter<SecondSet>
{
    public override SecondSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Run-length text is ASCII digits, '-' and ',' and never escaped: parsed where it lies, without a string.
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 512)
        {
            Span<char> text = stackalloc char[reader.ValueSpan.Length];
            for (var i = 0; i < text.Length; i++) text[i] = (char)reader.ValueSpan[i];
            return SecondSet.Parse(text);
        }
        return SecondSet.Parse(reader.GetString() ?? "");
    }

    public override void Write(Utf8JsonWriter writer, SecondSet value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
