using NodeAgent.Sampling;
using NodeAgent.Sampling.NvidiaSmi;
using static NodeAgent.Tests.NvidiaSmi.RecordedOutput;

namespace NodeAgent.Tests.NvidiaSmi;

public sealed class MigListingParserTests
{
    private const string H100 = "NVIDIA H100 80GB HBM3";
    private const string A100Model = "NVIDIA A100-SXM4-40GB";

    private static IReadOnlyList<GpuReading> FirstRound(string recorded) =>
        NvidiaSmiCsvParserTests.Parse(recorded, line => new DateTimeOffset(2024, 5, 1, 10, 0, line, TimeSpan.Zero))[0].Gpus;

    [Fact]
    public void Each_partitioned_gpu_is_listed_with_its_slices_and_profiles()
    {
        var listing = MigListingParser.Parse(MigList);

        var (gpu, slices) = Assert.Single(listing.SlicesByGpuUuid);
        Assert.Equal(A100, gpu);
        Assert.Equal(
            [new MigSlice(MigA, "3g.20gb"), new MigSlice(MigB, "2g.10gb"), new MigSlice(MigC, "1c.2g.10gb")],
            slices);
    }

    [Fact]
    public void A_machine_without_MIG_has_no_slices()
    {
        Assert.Empty(MigListingParser.Parse(PlainList).SlicesByGpuUuid);
    }

    [Fact]
    public void Slice_uuids_of_older_drivers_are_read_whole()
    {
        var listing = MigListingParser.Parse(LegacyMigList);

        Assert.Equal(
            [
                new MigSlice("MIG-GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0/7/0", "1g.5gb"),
                new MigSlice("MIG-GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0/8/0", "1g.5gb"),
            ],
            listing.SlicesByGpuUuid[A100]);
    }

    [Fact]
    public void Slices_replace_their_gpu_as_billable_units_and_keep_its_model()
    {
        var gpus = MigListingParser.Parse(MigList).Split(FirstRound(MigQuery));

        Assert.Equal(
            [
                new GpuReading(H100A, H100, null, 100m, 29089, 154.88m, null),
                new GpuReading(MigA, A100Model, "3g.20gb", null, null, null, null),
                new GpuReading(MigB, A100Model, "2g.10gb", null, null, null, null),
                new GpuReading(MigC, A100Model, "1c.2g.10gb", null, null, null, null),
            ],
            gpus);
    }

    [Fact]
    public void Utilization_under_MIG_is_null()
    {
        var partitioned = FirstRound(MigQuery).Single(gpu => gpu.GpuUuid == A100);

        Assert.Null(partitioned.UtilizationPercent);
        Assert.All(
            MigListingParser.Parse(MigList).Split([partitioned]),
            slice => Assert.Null(slice.UtilizationPercent));
    }

    [Fact]
    public void Gpus_are_reported_whole_when_no_listing_is_known()
    {
        var round = FirstRound(MigQuery);

        Assert.Equal(round, MigListing.None.Split(round));
    }

    [Theory]
    [InlineData("No devices were found")]
    [InlineData("  MIG 3g.20gb     Device  0: (UUID: MIG-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d)")]
    public void A_listing_with_a_line_that_is_neither_a_gpu_nor_a_slice_of_one_is_rejected(string output)
    {
        Assert.Throws<FormatException>(() => MigListingParser.Parse(output));
    }
}
