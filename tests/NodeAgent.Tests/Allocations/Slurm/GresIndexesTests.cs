using NodeAgent.Allocations.Slurm;

namespace NodeAgent.Tests.Allocations.Slurm;

public sealed class GresIndexesTests
{
    [Fact]
    public void Nvidia_smis_index_and_uuid_listing_maps_each_index_to_its_uuid()
    {
        // nvidia-smi --query-gpu=index,uuid --format=csv,noheader, with and without the header.
        const string listing = """
            index, uuid
            0, GPU-b8ea3855-276c-c9cb-b366-c6fa655957c5
            1, GPU-6f1c3a4e-90d2-4c0b-8a37-5c0f1d7e2b11

            """;

        var uuids = GresIndexes.Parse(listing);

        Assert.Equal(new Dictionary<int, string>
        {
            [0] = "GPU-b8ea3855-276c-c9cb-b366-c6fa655957c5",
            [1] = "GPU-6f1c3a4e-90d2-4c0b-8a37-5c0f1d7e2b11",
        }, uuids);
    }

    [Theory]
    [InlineData("0 GPU-aaaa")]
    [InlineData("x, GPU-aaaa")]
    [InlineData("0, ")]
    [InlineData("0, GPU-aaaa\n0, GPU-bbbb")]
    public void A_line_that_is_not_index_and_uuid_or_an_index_twice_does_not_parse(string listing) =>
        Assert.Throws<FormatException>(() => GresIndexes.Parse(listing));
}
