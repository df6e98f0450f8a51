using NodeAgent.Sampling;
using NodeAgent.Sampling.NvidiaSmi;
using static NodeAgent.Tests.NvidiaSmi.RecordedOutput;

namespace NodeAgent.Tests.NvidiaSmi;

public sealed class NvidiaSmiCsvParserTests
{
    private const string Node = "node-7";
    private const string H100 = "NVIDIA H100 80GB HBM3";
    private static readonly TimeSpan RoundGap = TimeSpan.FromMilliseconds(250);

    // nvidia-smi's timestamps say 12:00 local time; the agent reads the lines at 10:00 UTC.
    private static readonly DateTimeOffset FirstLineReadAt = new(2024, 5, 1, 10, 0, 0, 400, TimeSpan.Zero);

    private static DateTimeOffset Second(int n) => new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);

    /// <summary>Feeds recorded output as if its lines were read a second apart, then ends it.</summary>
    private static List<NodeReading> Parse(string recorded) => Parse(recorded, line => FirstLineReadAt.AddSeconds(line));

    /// <summary>Feeds recorded output, each line read when <paramref name="readAt"/> says, then ends it.</summary>
    internal static List<NodeReading> Parse(string recorded, Func<int, DateTimeOffset> readAt)
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);
        var readings = new List<NodeReading>();
        var lines = recorded.Split('\n');
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
        var readings = Parse(TwoGpus);

        Assert.Equal(3, readings.Count);
        AssertReading(readings[0], Second(1),
            new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null),
            new GpuReading(H100B, H100, null, 0m, 0, 69.85m, null));
        AssertReading(readings[1], Second(3),
            new GpuReading(H100A, H100, null, 98m, 29089, 631.95m, null),
            new GpuReading(H100B, H100, null, 0m, 0, 70.02m, null));
        AssertReading(readings[2], Second(5),
            new GpuReading(H100A, H100, null, 100m, 29113, 633.41m, null),
            new GpuReading(H100B, H100, null, 3m, 517, 88.10m, null));
    }

    [Fact]
    public void Energy_is_null_because_nvidia_smi_has_no_query_field_for_it()
    {
        Assert.DoesNotContain("energy", NvidiaSmiCsvParser.QueryFields);
        Assert.All(Parse(TwoGpus).SelectMany(r => r.Gpus), gpu => Assert.Null(gpu.EnergyMillijoules));
    }

    [Fact]
    public void Columns_are_found_by_their_header_names_in_any_order()
    {
        var reading = Assert.Single(Parse(ColumnsReordered));

        AssertReading(reading, Second(1), new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null));
    }

    [Fact]
    public void Values_nvidia_smi_could_not_read_are_null_in_every_spelling()
    {
        var reading = Assert.Single(Parse(MissingValues));

        AssertReading(reading, Second(1),
            new GpuReading(H100A, H100, null, null, null, null, null),
            new GpuReading(H100B, H100, null, null, 0, null, null));
    }

    [Fact]
    public void A_reading_is_stamped_with_the_utc_second_its_first_line_was_read_not_with_nvidia_smi_time()
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);
        var lines = TwoGpus.Split('\n');
        var readAtCest = new DateTimeOffset(2024, 5, 1, 12, 0, 7, 999, TimeSpan.FromHours(2));

        parser.Read(lines[0], readAtCest);
        parser.Read(lines[1], readAtCest);
        parser.Read(lines[2], readAtCest.AddMilliseconds(2));
        var reading = parser.Flush();

        Assert.NotNull(reading);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 7, TimeSpan.Zero), reading.Second);
        Assert.Equal(TimeSpan.Zero, reading.Second.Offset);
    }

    [Fact]
    public void A_repeated_header_ends_the_round_before_it()
    {
        var readings = Parse(HeaderRepeated);

        Assert.Equal(3, readings.Count);
        AssertReading(readings[0], Second(1), new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null));
        AssertReading(readings[1], Second(3), new GpuReading(H100A, H100, null, 98m, 29089, 631.95m, null));
        AssertReading(readings[2], Second(5), new GpuReading(H100A, H100, null, 100m, 29113, 633.41m, null));
    }

    [Fact]
    public void A_gpu_that_disappears_is_missing_from_the_rounds_it_missed_only()
    {
        var readings = Parse(GpuDisappears);

        Assert.Equal(3, readings.Count);
        AssertReading(readings[0], Second(1),
            new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null),
            new GpuReading(H100B, H100, null, 0m, 0, 69.85m, null));
        AssertReading(readings[1], Second(3),
            new GpuReading(H100A, H100, null, 98m, 29089, 631.95m, null));
        AssertReading(readings[2], Second(4),
            new GpuReading(H100A, H100, null, 100m, 29113, 633.41m, null),
            new GpuReading(H100B, H100, null, 0m, 0, 70.02m, null));
    }

    [Fact]
    public void Rounds_without_a_gpu_in_common_are_told_apart_by_the_gap_in_nvidia_smi_timestamps()
    {
        var readings = Parse(GpusTakeTurns);

        Assert.Equal(2, readings.Count);
        AssertReading(readings[0], Second(1), new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null));
        AssertReading(readings[1], Second(2), new GpuReading(H100B, H100, null, 0m, 0, 69.85m, null));
    }

    [Fact]
    public void Only_the_first_round_of_each_second_is_reported()
    {
        // Rounds read half a second apart: the second round falls in the first one's second.
        double[] readAtSeconds = [0.0, 0.1, 0.1, 0.6, 0.6, 1.1, 1.1];

        var readings = Parse(TwoGpus, line => Second(0).AddSeconds(readAtSeconds[line]));

        Assert.Equal(2, readings.Count);
        AssertReading(readings[0], Second(0),
            new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null),
            new GpuReading(H100B, H100, null, 0m, 0, 69.85m, null));
        AssertReading(readings[1], Second(1),
            new GpuReading(H100A, H100, null, 100m, 29113, 633.41m, null),
            new GpuReading(H100B, H100, null, 3m, 517, 88.10m, null));
    }

    [Fact]
    public void A_second_is_not_reported_again_when_the_clock_steps_back()
    {
        int[] readAtSeconds = [5, 5, 5, 3, 3, 6, 6];

        var readings = Parse(TwoGpus, line => Second(readAtSeconds[line]));

        Assert.Equal([Second(5), Second(6)], readings.Select(r => r.Second));
    }

    [Fact]
    public void A_malformed_line_is_rejected_and_the_round_around_it_kept()
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);
        var lines = TwoGpus.Split('\n');
        parser.Read(lines[0], Second(0));
        parser.Read(lines[1], Second(0));

        Assert.Throws<FormatException>(() => parser.Read($"2024/05/01 12:00:00.124, {H100B}, {H100}, 100 %", Second(0)));
        Assert.Throws<FormatException>(() => parser.Read($"2024/05/01 12:00:00.124, {H100B}, {H100}, lots %, 0 MiB, 69.85 W", Second(0)));
        Assert.Throws<FormatException>(() => parser.Read($"2024/05/01 12:00:00.124, [GPU is lost], {H100}, 0 %, 0 MiB, 69.85 W", Second(0)));
        parser.Read(lines[2], Second(0));

        AssertReading(parser.Flush()!, Second(0),
            new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null),
            new GpuReading(H100B, H100, null, 0m, 0, 69.85m, null));
    }

    [Fact]
    public void Data_before_any_header_is_rejected()
    {
        var parser = new NvidiaSmiCsvParser(Node, RoundGap);

        Assert.Throws<FormatException>(() => parser.Read(TwoGpus.Split('\n')[1], Second(0)));
    }
}
