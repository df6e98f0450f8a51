using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Metering.Ledger;

namespace GpuBilling.HashChains.Tests;

/// <summary>
/// The canonical text written directly is, byte for byte, the text every stored hash was computed
/// over (<see cref="PreviousCanonicalJson"/>): the chain of every service is defined over it.
/// </summary>
public partial class CanonicalWriterTests
{
    private const int ValuesPerType = 60;

    /// <summary>
    /// Every concrete chained event of every assembly beside these tests that uses the chains (the
    /// services' domains this project references), found by reflection so a new event type is covered
    /// as soon as it exists.
    /// </summary>
    private static readonly Type[] EventTypes =
    [
        .. Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Select(LoadedOrNull)
            .OfType<Assembly>()
            .Where(assembly => assembly.GetReferencedAssemblies().Any(a => a.Name == typeof(ChainedEvent).Assembly.GetName().Name))
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsSubclassOf(typeof(ChainedEvent)) && !type.IsAbstract && type.Assembly != typeof(CanonicalWriterTests).Assembly)
            .OrderBy(type => type.FullName, StringComparer.Ordinal),
    ];

    private static Assembly? LoadedOrNull(string path)
    {
        try
        {
            return Assembly.LoadFrom(path);
        }
        catch (BadImageFormatException)
        {
            return null; // a native library beside the managed ones
        }
    }

    [Fact]
    public void Every_chained_event_of_every_service_is_written_and_hashed_exactly_as_before()
    {
        var differences = new List<string>();
        foreach (var type in EventTypes)
            for (var variant = 0; variant < ValuesPerType; variant++)
            {
                var values = new Values(variant * 7919 + type.FullName!.Length);
                var @event = (ChainedEvent)values.Of(type) with { Hash = values.Hex() };
                Compare(@event, differences);
            }

        Assert.Empty(differences);
        // Every service's events were found, not none (a scan that found nothing would pass the loop).
        Assert.Superset(
            new HashSet<string> { "NodeUsageRecorded", "UsageAccrued", "PeriodOpened", "RateCardVersionPublished", "InvoiceFinalized",
                "CreditDrawn", "StandingChanged", "BillingAccountOpened", "CostCardVersionPublished", "NodeVersionRegistered" },
            EventTypes.Select(t => t.Name).ToHashSet());
    }

    [Fact]
    public void Every_service_project_that_declares_chained_events_is_among_those_scanned()
    {
        var root = RepositoryRoot();
        var declaring = Directory.GetFiles(Path.Combine(root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(path => DerivesFromChainedEvent().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(Path.Combine(root, "services"), path).Split(Path.DirectorySeparatorChar)[0])
            .ToHashSet();

        Assert.NotEmpty(declaring);
        Assert.Subset(EventTypes.Select(t => t.Assembly.GetName().Name!).ToHashSet(), declaring);
    }

    /// <summary>What the direct writer cannot show to be the same goes the defining way, and comes out the same.</summary>
    [Fact]
    public void Values_the_direct_writer_hands_to_the_defining_way_come_out_as_before()
    {
        var odd = new Odd(
            new Dictionary<string, decimal> { ["b"] = 2.50m, ["a"] = -0.0m, ["B"] = 1E-28m, ["ä"] = 0.000m, ["10"] = 1m, ["9"] = 79228162514264337593543950335m },
            new Dictionary<DayOfWeek, string?> { [DayOfWeek.Sunday] = null, [DayOfWeek.Monday] = "x" },
            [0.1, 1E-7, -0.0, 1E300, 123456789.125],
            0.3f,
            JsonDocument.Parse("""{"z":1.50,"a":[{"y":2.0,"b":"\u00e9"}],"m":null}""").RootElement,
            JsonNode.Parse("""{"z":-0.0,"a":1E2}""")!,
            new Reading(2.50m, 3),
            [new Reading(0.10m, 1), null],
            new Dictionary<string, object> { ["k"] = 1.0m });

        Assert.Equal(PreviousCanonicalJson.Of(odd), CanonicalJson.Of(odd));
        Assert.Equal(PreviousCanonicalJson.Of(odd.Amounts), CanonicalJson.Of(odd.Amounts));
        Assert.Equal(PreviousCanonicalJson.Of(odd, leaveOut: "Amounts"), CanonicalJson.Of(odd, leaveOut: "Amounts"));
        Assert.Equal("""{"10":1,"9":79228162514264337593543950335,"B":0.0000000000000000000000000001,"a":0,"b":2.5,"ä":0}""",
            CanonicalJson.Of(odd.Amounts));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Hash")]
    [InlineData("Amount")]
    [InlineData("Zed")]
    [InlineData("Absent")]
    public void A_top_level_property_is_left_out_wherever_it_falls_in_order(string? leaveOut)
    {
        var value = new Ordered(0.0m, "h", "z", [new Ordered(1m, "inner", "z", [])]);

        Assert.Equal(PreviousCanonicalJson.Of(value, leaveOut), CanonicalJson.Of(value, leaveOut));
    }

    [Fact]
    public void Same_data_is_judged_as_before()
    {
        var a = new Ordered(2.50m, "h", "z", []);

        Assert.True(CanonicalJson.SameData(a, a with { Amount = 2.5m }));
        Assert.False(CanonicalJson.SameData(a, a with { Amount = 2.51m }));
        Assert.False(CanonicalJson.SameData(a, null));
        Assert.True(CanonicalJson.SameData(null, null));
    }

    private static void Compare(ChainedEvent @event, List<string> differences)
    {
        var type = @event.GetType().Name;
        var previous = PreviousCanonicalJson.Of(@event, leaveOut: nameof(ChainedEvent.Hash));
        var written = CanonicalJson.Of(@event, leaveOut: nameof(ChainedEvent.Hash));
        if (written != previous) differences.Add($"{type}:\n  before {previous}\n  now    {written}");
        var whole = (PreviousCanonicalJson.Of(@event), CanonicalJson.Of(@event));
        if (whole.Item1 != whole.Item2) differences.Add($"{type} with its hash:\n  before {whole.Item1}\n  now    {whole.Item2}");
        if (!HashChain.CanonicalOf(@event).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(previous)))
            differences.Add($"{type}: its canonical UTF-8 is not the previous text's");

        var previousHash = @event.Hash;
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + type + previous)));
        if (HashChain.HashOf(previousHash, @event) != expected) differences.Add($"{type}: its hash is not the previous rule's");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Metering.sln"))) directory = directory.Parent!;
        return directory.FullName;
    }

    [GeneratedRegex(@"record\s+\w+\s*(\([^;{]*\))?\s*:\s*ChainedEvent\b")]
    private static partial Regex DerivesFromChainedEvent();

    /// <summary>Writes numbers of its own, in an array, as some services' converters do; never through the serializer's settings.</summary>
    [JsonConverter(typeof(ReadingJson))]
    private sealed record Reading(decimal Sum, int Samples);

    private sealed class ReadingJson : JsonConverter<Reading>
    {
        public override Reading Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Reading value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("z", value.Sum);
            writer.WriteStartArray("a");
            writer.WriteNumberValue(value.Samples);
            writer.WriteNumberValue(value.Sum);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    private sealed record Odd(
        Dictionary<string, decimal> Amounts,
        IReadOnlyDictionary<DayOfWeek, string?> ByDay,
        IReadOnlyList<double> Doubles,
        float Single,
        JsonElement Element,
        JsonNode Node,
        Reading Reading,
        IReadOnlyList<Reading?> Readings,
        IDictionary<string, object> Anything);

    private sealed record Ordered(decimal Amount, string Hash, string Zed, IReadOnlyList<Ordered> Inner);

    /// <summary>
    /// Varied values of any type the events hold, from a seed: nulls where a value may be null, empty
    /// and longer lists, keys out of order, decimals at every scale and sign of zero, strings that need
    /// escaping or are not ASCII, instants at offsets other than UTC, enums by name and out of range.
    /// </summary>
    private sealed class Values(int seed)
    {
        private static readonly string[] Texts =
        [
            "", "a", "node-7", "GPU-3f6c2a9e-0000-4b7e-9d1c-5f3e2b1a0c9d", "é中文🙂", "quote\" back\\slash /", "\u0000\u001f\t\n\r\b\f",
            "<script>&'+`", "\u2028\u2029\u007f\u0080\u00ad", "Zürich", "on-demand", "spot", "ÅÉ 1g.10gb",
        ];

        private static readonly decimal[] Decimals =
        [
            2.50m, 0.000m, new decimal(0, 0, 0, true, 1), 0.0000000000000000000000000001m, 1E-28m, 79228162514264337593543950335m,
            -79228162514264337593543950335m, 123.4500m, -7m, 100m, 1.0m, 0m, 3600m, 0.1234567890123456789012345678m, -0.5m,
        ];

        private static readonly TimeSpan[] Offsets =
            [TimeSpan.Zero, TimeSpan.FromHours(5.5), TimeSpan.FromMinutes(345), TimeSpan.FromHours(-8), TimeSpan.FromHours(14), TimeSpan.FromHours(-12)];

        private readonly Random _random = new(seed);
        private readonly NullabilityInfoContext _nullability = new();

        public string Hex() => _random.Next(4) == 0 ? HashChain.Genesis : Convert.ToHexStringLower(Bytes(32));

        private byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            _random.NextBytes(bytes);
            return bytes;
        }

        public object Of(Type type) => Of(type, depth: 0)!;

        private object? Of(Type type, int depth)
        {
            if (Nullable.GetUnderlyingType(type) is { } underlying) return _random.Next(3) == 0 ? null : Of(underlying, depth);
            if (type == typeof(string)) return Texts[_random.Next(Texts.Length)];
            if (type == typeof(bool)) return _random.Next(2) == 0;
            if (type == typeof(int)) return new[] { 0, 1, -1, 42, 3600, int.MaxValue, int.MinValue }[_random.Next(7)];
            if (type == typeof(long)) return new[] { 0L, 1L, -1L, 2_678_400_000L, long.MaxValue, long.MinValue }[_random.Next(6)];
            if (type == typeof(decimal)) return Decimals[_random.Next(Decimals.Length)];
            if (type == typeof(double)) return new[] { 0.1, 1E-7, -0.0, 1E300, 2.5 }[_random.Next(5)];
            if (type == typeof(DateTimeOffset)) return Instant();
            if (type == typeof(DateTime)) return Instant().DateTime;
            if (type == typeof(DateOnly)) return DateOnly.FromDateTime(Instant().DateTime);
            if (type == typeof(TimeSpan)) return TimeSpan.FromTicks(_random.NextInt64(-TimeSpan.TicksPerDay, TimeSpan.TicksPerDay));
            if (type == typeof(Guid)) return new Guid(Bytes(16));
            if (type.IsEnum)
            {
                var names = Enum.GetValues(type);
                return _random.Next(8) == 0 ? Enum.ToObject(type, 97) : names.GetValue(_random.Next(names.Length));
            }
            if (type == typeof(SecondSet)) return Seconds();
            if (ElementOf(type) is { } element)
            {
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
                for (var i = depth > 2 ? 0 : _random.Next(4); i > 0; i--) list.Add(Of(element, depth + 1));
                return list;
            }
            if (DictionaryOf(type) is { } entry)
            {
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(entry.Key, entry.Value))!;
                for (var i = depth > 2 ? 0 : _random.Next(5); i > 0; i--)
                    dictionary[Of(entry.Key, depth + 1)!] = Of(entry.Value, depth + 1);
                return dictionary;
            }
            return Record(type, depth);
        }

        /// <summary>Through its widest public constructor, so every property a record states is set.</summary>
        private object Record(Type type, int depth)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new InvalidOperationException($"No way to make a {type}: teach the test one.");
            var arguments = constructor.GetParameters()
                .Select(p => !p.ParameterType.IsValueType && _nullability.Create(p).WriteState == NullabilityState.Nullable && _random.Next(3) == 0
                    ? null
                    : Of(p.ParameterType, depth + 1))
                .ToArray();
            return constructor.Invoke(arguments);
        }

        /// <summary>Whole seconds or not, at any offset.</summary>
        private DateTimeOffset Instant()
        {
            var ticks = _random.NextInt64(0, TimeSpan.TicksPerDay * 400);
            if (_random.Next(2) == 0) ticks -= ticks % TimeSpan.TicksPerSecond;
            return new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(ticks).ToOffset(Offsets[_random.Next(Offsets.Length)]);
        }

        private SecondSet Seconds() =>
            _random.Next(4) == 0 ? SecondSet.Empty : SecondSet.Of(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => _random.Next(SecondSet.SecondsPerHour)));

        private static Type? ElementOf(Type type) =>
            type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericTypeDefinition() is var definition
              && (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(List<>)
                  || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
                ? type.GetGenericArguments()[0]
                : null;

        private static KeyValuePair<Type, Type>? DictionaryOf(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>))
                ? new(type.GetGenericArguments()[0], type.GetGenericArguments()[1])
                : null;
    }
}
