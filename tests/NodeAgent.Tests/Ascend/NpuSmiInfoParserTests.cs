using NodeAgent.Sampling.Ascend;

namespace NodeAgent.Tests.Ascend;

public sealed class NpuSmiInfoParserTests
{
    [Fact]
    public void Each_910B_chip_is_read_from_its_two_rows_with_HBM_as_its_memory_and_the_process_table_ignored()
    {
        var chips = NpuSmiInfoParser.Parse(Recorded.Read("Ascend", "info-910b2c.txt"));

        Assert.Equal(
            [
                new NpuChip(0, 0, "910B2C", "0000:66:00.0", 0m, 3410, 93.9m),
                new NpuChip(1, 0, "910B2C", "0000:19:00.0", 0m, 3404, 96.0m),
                new NpuChip(15, 0, "910B2C", "0000:D0:00.0", 0m, 3401, 96.0m),
            ],
            chips);
    }

    [Fact]
    public void Each_chip_of_a_310P_card_is_its_own_unit_with_its_DDR_memory_and_NA_power_as_null()
    {
        var chips = NpuSmiInfoParser.Parse(Recorded.Read("Ascend", "info-310p3.txt"));

        Assert.Equal(
            [
                new NpuChip(1, 0, "310P3", "0000:01:00.0", 0m, 1448, null),
                new NpuChip(1, 1, "310P3", "0000:01:00.0", 0m, 1511, null),
                new NpuChip(2, 0, "310P3", "0000:02:00.0", 0m, 1384, null),
                new NpuChip(2, 1, "310P3", "0000:02:00.0", 0m, 1572, null),
                new NpuChip(4, 0, "310P3", "0000:81:00.0", 0m, 1863, null),
                new NpuChip(4, 1, "310P3", "0000:81:00.0", 0m, 1105, null),
                new NpuChip(5, 0, "310P3", "0000:82:00.0", 0m, 1694, null),
                new NpuChip(5, 1, "310P3", "0000:82:00.0", 0m, 1269, null),
            ],
            chips);
    }

    [Fact]
    public void A_chip_whose_second_row_is_missing_is_rejected()
    {
        var lines = Recorded.Read("Ascend", "info-910b2c.txt").Split('\n');
        var cut = string.Join('\n', lines.Take(7));

        Assert.Throws<FormatException>(() => NpuSmiInfoParser.Parse(cut));
    }

    [Fact]
    public void Output_without_a_chip_table_is_rejected()
    {
        Assert.Throws<FormatException>(() => NpuSmiInfoParser.Parse("dcmi module initialize failed. ret is -8005"));
    }
}
