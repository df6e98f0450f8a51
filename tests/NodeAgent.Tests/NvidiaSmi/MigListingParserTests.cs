using NodeAgent.Sampling;
using NodeAgent.Sampling.NvidiaSmi;
using static NodeAgent.Tests.NvidiaSmi.RecordedNvidiaSmi;

namespace NodeAgent.Tests.NvidiaSmi;

public sealed class MigListingParserTests
{
    private static readonly MigSlice[] H100Slices =
    [
        new("MIG-00000000-0000-0000-0000-000000000000", "3g.40gb"),
        new("MIG-00000001-0000-0000-0000-000000000001", "2g.20gb"),
        new("MIG-00000002-0000-0000-0000-000000000002", "1g.10gb"),
        new("MIG-00000003-0000-0000-0000-000000000003", "1g.10gb"),
    ];

    private static IReadOnlyList<GpuReading> FirstRound(string file) =>
        NvidiaSmiCsvParserTests.Parse(Read(file), line => new DateTimeOffset(2024, 5, 1, 10, 0, line, TimeSpan.Zero))[0].Gpus;

    [Fact]
    public void Each_partitioned_gpu_is_listed_with_its_slices_and_profiles()
    {
        var (gpu, slices) = Assert.Single(MigListingParser.Parse(Read(H100MigList)).SlicesByGpuUuid);

        Assert.Equal(MaskedGpu, gpu);
        Assert.Equal(H100Slices, slices);
    }

    [Fact]
    public void Compute_instance_profiles_are_read_whole()
    {
        var (_, slices) = Assert.Single(MigListingParser.Parse(Read("list-h200-mig.txt")).SlicesByGpuUuid);

        Assert.Equal(["1c.3g.71gb", "2c.3g.71gb", "2g.35gb", "1g.18gb", "1g.18gb"], slices.Select(s => s.Profile));
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $"MIG-0000000{i}-0000-0000-0000-00000000000{i}"),
            slices.Select(s => s.Uuid));
    }

    [Fact]
    public void Only_the_partitioned_gpus_of_a_machine_have_slices()
    {
        var listing = MigListingParser.Parse(Read("list-a100-four-gpus-mig.txt"));

        var (gpu, slices) = Assert.Single(listing.SlicesByGpuUuid);
        Assert.Equal("GPU-513536b6-7d19-9063-b049-1e69664bb298", gpu);
        Assert.Equal(
            [
                new MigSlice("MIG-ce861fb0-a248-58ce-a9a8-f9adbc22a66a", "1g.20gb"),
                new MigSlice("MIG-a45882f0-9215-5733-a0c1-49286ab31cb5", "1g.20gb"),
                new MigSlice("MIG-f00d722c-f4e1-52c9-aa31-750441ae1bfe", "1g.20gb"),
                new MigSlice("MIG-930574a9-d43a-5d2b-95da-3e68384c8d6b", "1g.20gb"),
            ],
            slices);
    }

    [Fact]
    public void A_machine_without_MIG_has_no_slices()
    {
        Assert.Empty(MigListingParser.Parse(Read("list-h100.txt")).SlicesByGpuUuid);
    }

    [Fact]
    public void Slice_uuids_of_older_drivers_are_read_whole()
    {
        var listing = MigListingParser.Parse(Read("list-a100-mig-r450.txt"));

        Assert.Equal(
            [
                new MigSlice("MIG-GPU-4200ccc0-2667-d4cb-9137-f932c716232a/2/0", "3g.20gb"),
                new MigSlice("MIG-GPU-4200ccc0-2667-d4cb-9137-f932c716232a/3/0", "2g.10gb"),
                new MigSlice("MIG-GPU-4200ccc0-2667-d4cb-9137-f932c716232a/9/0", "1g.5gb"),
            ],
            listing.SlicesByGpuUuid["GPU-4200ccc0-2667-d4cb-9137-f932c716232a"]);
    }

    [Fact]
    public void Slices_replace_their_gpu_as_billable_units_and_keep_its_model()
    {
        var gpus = MigListingParser.Parse(Read(H100MigList)).Split(FirstRound(H100MigLoad));

        Assert.Equal(H100Slices.Select(s => new GpuReading(s.Uuid, H100, s.Profile, null, null, null, null)), gpus);
    }

    [Fact]
    public void A_gpu_the_listing_does_not_partition_stays_whole()
    {
        var round = FirstRound(H100Load);

        Assert.Equal(round, MigListingParser.Parse(Read("list-a100-four-gpus-mig.txt")).Split(round));
    }

    [Fact]
    public void Utilization_under_MIG_is_null()
    {
        var partitioned = Assert.Single(FirstRound(H100MigLoad));

        Assert.Null(partitioned.UtilizationPercent);
        Assert.All(
            MigListingParser.Parse(Read(H100MigList)).Split([partitioned]),
            slice => Assert.Null(slice.UtilizationPercent));
    }

    [Fact]
    public void Gpus_are_reported_whole_when_no_listing_is_known()
    {
        var round = FirstRound(H100MigLoad);

        Assert.Equal(round, MigListing.None.Split(round));
    }

    [Fact]
    public void A_listing_of_no_devices_is_rejected()
    {
        // What nvidia-smi -L prints when the driver sees no GPU.
        Assert.Throws<FormatException>(() => MigListingParser.Parse("No devices were found"));
    }

    [Fact]
    public void A_slice_listed_before_any_gpu_is_rejected()
    {
        var sliceLine = Read(H100MigList).Split('\n')[1];

        Assert.Throws<FormatException>(() => MigListingParser.Parse(sliceLine));
    }
}
