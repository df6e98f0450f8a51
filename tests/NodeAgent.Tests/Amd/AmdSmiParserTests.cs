using NodeAgent.Sampling.Amd;

namespace NodeAgent.Tests.Amd;

public sealed class AmdSmiParserTests
{
    [Fact]
    public void Readings_of_the_bare_list_shape_are_taken_from_their_value_and_unit_and_missing_groups_are_null()
    {
        var metrics = AmdGpuMetrics.Parse(Recorded.Read("Amd", "metric-power.json"));

        Assert.Equal(new AmdGpuMetrics(0, null, null, 10m), Assert.Single(metrics).Value);
    }

    [Fact]
    public void The_gpu_data_wrapper_is_unwrapped_and_the_model_is_the_market_name_unchanged()
    {
        var gpu = Assert.Single(AmdGpuStatic.Parse(Recorded.Read("Amd", "static-mi210.json"))).Value;

        Assert.Equal(new AmdGpuStatic(0, "AMD Instinct MI210", null, null), gpu);
    }

    [Fact]
    public void A_gpu_whose_serials_are_zero_and_bus_is_unknown_falls_back_to_the_node_and_its_index()
    {
        var gpu = AmdGpuStatic.Parse(Recorded.Read("Amd", "static-mi210.json"))[0];

        Assert.Equal("AMD-node-7-gpu0", gpu.IdentityOn("node-7"));
    }

    [Theory]
    [InlineData("0x4162405E51BB99B0", "0000:03:00.0", "AMD-0x4162405E51BB99B0")]
    [InlineData(null, "0000:03:00.0", "AMD-node-7-0000:03:00.0")]
    public void A_serial_identifies_a_gpu_anywhere_and_a_bus_address_within_its_node(string? serial, string bdf, string expected)
    {
        Assert.Equal(expected, new AmdGpuStatic(0, "AMD Radeon RX 7800 XT", serial, bdf).IdentityOn("node-7"));
    }

    [Fact]
    public void Output_that_is_not_amd_smi_json_is_rejected()
    {
        Assert.Throws<FormatException>(() => AmdGpuMetrics.Parse("AMDSMI_STATUS_NOT_INIT"));
        Assert.Throws<FormatException>(() => AmdGpuMetrics.Parse("""{"gpu_data": [{"usage": "N/A"}]}"""));
    }
}
