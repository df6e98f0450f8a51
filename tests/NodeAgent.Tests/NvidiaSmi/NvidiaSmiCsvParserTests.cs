using System.Globalization;
using NodeAgent.Sampling;
using NodeAgent.Sampling.NvidiaSmi;
using static NodeAgent.Tests.NvidiaSmi.RecordedNvidiaSmi;

namespace NodeAgent.Tests.NvidiaSmi;

public sealed class NvidiaSmiCsvParserTests
{
    private const string Node = "node-7";
    private static readonly TimeSpan RoundGap = TimeSpan.FromMilliseconds(250);

    private static readonly DateTimeOffset FirstLineReadAt = new(2024, 5, 1, 10, 0, 0, 400, TimeSpan.Zero);

    private static readonly GpuReading H100AtIdle = new(MaskedGpu, H100, null, 0m, 0, 69.85m, null);
    private static readonly GpuReading H100UnderLoad = new(MaskedGpu, H100, null, 100m, 19818, 631.95m, null);

    /// <summary>The H100's recorded idle and load lines as one run of <c>--loop-ms</c> would print them.</summary>
    private static string IdleThenLoad => Loop(H100Idle, Row(H100Idle), Row(H100Load));

    private static DateTimeOffset Second(int n) => new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);

    /// <summary>Feeds output as if its lines were read a second apart, then ends it.</summary>
    private static List<NodeReading> Parse(string output) => Parse(output, line => FirstLineReadAt.AddSeconds(line));

    /// <summary>Feeds output, each line read when <paramref name="readAt"/> says, then ends it.</summary>
    internal static List<NodeReading> Parse(string output, Func<int, DateTimeOffset> readAt)
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);
        var readings = new List<NodeReading>();
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (parser.Read(lines[i], readAt(i)) is { } reading)
            {
                readings.Add(reading);
            }
        }
        if (parser.Flush() is { } last)
        {
            readings.Add(last);
        }
        return readings;
    }

    private static void AssertReading(NodeReading actual, DateTimeOffset second, params GpuReading[] gpus)
    {
        Assert.Equal(Node, actual.NodeId);
        Assert.Equal(second, actual.Second);
        Assert.Equal(TimeSpan.Zero, actual.Second.Offset);
        Assert.Equal(gpus, actual.Gpus);
    }

    [Fact]
    public void Each_round_becomes_one_reading_with_units_stripped_from_the_values()
    {
        var readings = Parse(IdleThenLoad);

        Assert.Equal(2, readings.Count);
        AssertReading(readings[0], Second(1), H100AtIdle);
        AssertReading(readings[1], Second(2), H100UnderLoad);
    }

    [Fact]
    public void Energy_is_null_because_nvidia_smi_has_no_query_field_for_it()
    {
        Assert.DoesNotContain("energy", NvidiaSmiCsvParser.QueryFields);
        Assert.All(Parse(IdleThenLoad).SelectMany(r => r.Gpus), gpu => Assert.Null(gpu.EnergyMillijoules));
    }

    [Theory]
    // Driver 590: every field it has, the ones the agent reads among 212.
    [InlineData("query-h100-mig-load.csv", MaskedGpu, H100, null, 11125L, "433.78")]
    [InlineData("query-h200-mig-load.csv", MaskedGpu, "NVIDIA H200", null, 16959L, "295.01")]
    // Driver 465: 115 fields, another set in another order.
    [InlineData("query-rtx2080super-465.csv", "GPU-df6e7a7c-7314-46f8-abc4-b88b36dcf3aa", "NVIDIA GeForce RTX 2080 SUPER", "0", 344L, "30.37")]
    // name before uuid, no timestamp, and values printed without their units (csv,nounits).
    [InlineData("query-p100-nounits.csv", "GPU-ef1b2c9b-38d8-2090-2bd1-f567a3eb42a6", "Tesla P100-PCIE-16GB", "0", 0L, "28.16")]
    public void Columns_are_found_by_their_header_names_whatever_else_the_answer_holds(
        string file, string uuid, string model, string? utilization, long memory, string power)
    {
        var reading = Assert.Single(Parse(Read(file)));

        AssertReading(reading, Second(1), new GpuReading(
            uuid, model, null, utilization is null ? null : Number(utilization), memory, Number(power), null));
    }

    private static decimal Number(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Utilization_of_a_partitioned_gpu_is_null_where_nvidia_smi_prints_NA()
    {
        var readings = Parse(Loop(H100MigIdle, Row(H100MigIdle), Row(H100MigLoad)));

        AssertReading(readings[0], Second(1), new GpuReading(MaskedGpu, H100, null, null, 59, 71.15m, null));
        AssertReading(readings[1], Second(2), new GpuReading(MaskedGpu, H100, null, null, 11125, 433.78m, null));
    }

    /// <summary>
    /// No public recording shows these spellings in the columns the agent reads (see SOURCES.md), so
    /// the lines are written here, in the layout of <see cref="H100Idle"/>'s first columns.
    /// </summary>
    [Fact]
    public void Values_nvidia_smi_could_not_read_are_null_in_every_spelling()
    {
        var reading = Assert.Single(Parse("""
            timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
            2026/07/14 08:12:38.696, GPU-00000000-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, [N/A], [Not Supported], [Unknown Error]
            2026/07/14 08:12:38.697, GPU-00000000-0000-0000-0000-000000000001, NVIDIA H100 80GB HBM3, N/A, 0 MiB, [Not Supported]
            """));

        AssertReading(reading, Second(1),
            new GpuReading(MaskedGpu, H100, null, null, null, null, null),
            new GpuReading("GPU-00000000-0000-0000-0000-000000000001", H100, null, null, 0, null, null));
    }

    [Fact]
    public void A_reading_is_stamped_with_the_utc_second_its_first_line_was_read_not_with_nvidia_smi_time()
    {
        // nvidia-smi's timestamp says 08:12:38 local time; the agent reads the line at 12:00:07 CEST.
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);
        var readAtCest = new DateTimeOffset(2024, 5, 1, 12, 0, 7, 999, TimeSpan.FromHours(2));

        parser.Read(Header(H100Idle), readAtCest);
        parser.Read(Row(H100Idle), readAtCest);
        var reading = parser.Flush();

        Assert.NotNull(reading);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 7, TimeSpan.Zero), reading.Second);
        Assert.Equal(TimeSpan.Zero, reading.Second.Offset);
    }

    [Fact]
    public void A_repeated_header_ends_the_round_before_it()
    {
        var readings = Parse(string.Join('\n', Read(H100Idle).TrimEnd(), Read(H100Load).TrimEnd()));

        Assert.Equal(2, readings.Count);
        AssertReading(readings[0], Second(1), H100AtIdle);
        AssertReading(readings[1], Second(3), H100UnderLoad);
    }

    /// <summary>Several GPUs in one loop: no public recording has one (see SOURCES.md), so these lines are written here.</summary>
    private const string TwoGpus = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2026/07/14 08:12:38.696, GPU-00000000-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 0 %, 0 MiB, 69.85 W
        2026/07/14 08:12:38.698, GPU-00000000-0000-0000-0000-000000000001, NVIDIA H100 80GB HBM3, 100 %, 19818 MiB, 631.95 W
        """;

    private static readonly GpuReading Second100 = new("GPU-00000000-0000-0000-0000-000000000001", H100, null, 100m, 19818, 631.95m, null);

    [Fact]
    public void A_gpu_that_disappears_is_missing_from_the_rounds_it_missed_only()
    {
        var lines = TwoGpus.Split('\n');

        var readings = Parse(string.Join('\n', lines[0], lines[1], lines[2], lines[1], lines[1], lines[2]));

        Assert.Equal(3, readings.Count);
        AssertReading(readings[0], Second(1), H100AtIdle, Second100);
        AssertReading(readings[1], Second(3), H100AtIdle);
        AssertReading(readings[2], Second(4), H100AtIdle, Second100);
    }

    [Fact]
    public void Rounds_without_a_gpu_in_common_are_told_apart_by_the_gap_in_nvidia_smi_timestamps()
    {
        var lines = TwoGpus.Split('\n');
        var halfASecondLater = lines[2].Replace("08:12:38.698", "08:12:39.198", StringComparison.Ordinal);

        var readings = Parse(string.Join('\n', lines[0], lines[1], halfASecondLater));

        Assert.Equal(2, readings.Count);
        AssertReading(readings[0], Second(1), H100AtIdle);
        AssertReading(readings[1], Second(2), Second100);
    }

    [Fact]
    public void Only_the_first_round_of_each_second_is_reported()
    {
        // Rounds read half a second apart: the second round falls in the first one's second.
        double[] readAtSeconds = [0.0, 0.1, 0.6, 1.1];

        var readings = Parse(
            Loop(H100Idle, Row(H100Idle), Row(H100MigIdle), Row(H100Load)),
            line => Second(0).AddSeconds(readAtSeconds[line]));

        Assert.Equal(2, readings.Count);
        AssertReading(readings[0], Second(0), H100AtIdle);
        AssertReading(readings[1], Second(1), H100UnderLoad);
    }

    [Fact]
    public void A_second_is_not_reported_again_when_the_clock_steps_back()
    {
        int[] readAtSeconds = [5, 5, 3, 6];

        var readings = Parse(Loop(H100Idle, Row(H100Idle), Row(H100Load), Row(H100Idle)), line => Second(readAtSeconds[line]));

        Assert.Equal([Second(5), Second(6)], readings.Select(r => r.Second));
    }

    [Fact]
    public void A_malformed_line_is_rejected_and_the_round_around_it_kept()
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);
        var row = Row(H100Load);
        parser.Read(Header(H100Load), Second(0));
        parser.Read(Row(H100Idle), Second(0));

        Assert.Throws<FormatException>(() => parser.Read(row[..row.LastIndexOf(',')], Second(0)));
        Assert.Throws<FormatException>(() => parser.Read(row.Replace(", 100 %,", ", lots %,", StringComparison.Ordinal), Second(0)));
        Assert.Throws<FormatException>(() => parser.Read(row.Replace(MaskedGpu, "[GPU is lost]", StringComparison.Ordinal), Second(0)));

        AssertReading(parser.Flush()!, Second(0), H100AtIdle);
    }

    [Fact]
    public void Data_before_any_header_is_rejected()
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);

        Assert.Throws<FormatException>(() => parser.Read(Row(H100Idle), Second(0)));
    }
}
