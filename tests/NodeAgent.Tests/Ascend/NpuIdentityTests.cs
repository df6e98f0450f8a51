using NodeAgent.Sampling.Ascend;

namespace NodeAgent.Tests.Ascend;

public sealed class NpuIdentityTests
{
    [Fact]
    public void The_board_query_gives_the_card_serial_and_bus()
    {
        Assert.Equal(new NpuBoard("102415083974", "0000:66:00.0"), NpuBoard.Parse(Recorded.Read("Ascend", "board-910b2c-npu0.txt")));
        Assert.Equal(new NpuBoard("1025C9048791", "0000:C1:00.0"), NpuBoard.Parse(Recorded.Read("Ascend", "board-910b-bin5.txt")));
    }

    [Fact]
    public void A_chip_is_billed_under_its_card_serial_and_its_index_on_the_card()
    {
        var chip = NpuSmiInfoParser.Parse(Recorded.Read("Ascend", "info-910b2c.txt"))[0];
        var board = NpuBoard.Parse(Recorded.Read("Ascend", "board-910b2c-npu0.txt"));

        Assert.Equal("NPU-102415083974-0", NpuIdentity.Of("node-7", chip, board));
    }

    [Fact]
    public void Without_a_serial_the_two_chips_of_a_310P_card_are_told_apart_by_node_bus_and_chip()
    {
        var chips = NpuSmiInfoParser.Parse(Recorded.Read("Ascend", "info-310p3.txt"));
        var noSerial = new NpuBoard(null, null);

        Assert.Equal(
            ["NPU-node-7-0000:01:00.0-0", "NPU-node-7-0000:01:00.0-1"],
            chips.Take(2).Select(chip => NpuIdentity.Of("node-7", chip, noSerial)));
    }
}
