using NodeAgent.Sampling;
using NodeAgent.Sampling.Dcgm;

namespace NodeAgent.Tests.Dcgm;

public sealed class DcgmExporterMetricsTests
{
    private const string A800 = "NVIDIA A800-SXM4-80GB";
    private const string PartitionedA800 = "GPU-1f027ee8-6e1e-2b8c-0108-3d370e5f0418";

    /// <summary>The A800 node's answer: its recorded families, one after another as the exporter prints them.</summary>
    internal static string A800Answer(params string[] more) =>
        string.Concat(new[] { "a800-mig-power-to-util.txt", "a800-mig-fb-used.txt", "a800-mig-gr-engine-active.txt" }
            .Concat(more).Select(file => Recorded.Read("Dcgm", file)));

    internal static readonly GpuReading[] A800Readings =
    [
        new($"MIG-{PartitionedA800}/3", A800, "2g.20gb", 0m, 10, null, null),
        new($"MIG-{PartitionedA800}/5", A800, "2g.20gb", 0m, 10, null, null),
        new($"MIG-{PartitionedA800}/6", A800, "2g.20gb", 0m, 10, null, null),
        new("GPU-9e5b8fec-61bf-5124-a0a9-079af1b65cc6", A800, null, 0m, 2, 55.942m, 187554325),
        new("GPU-5022ce43-b44a-987b-71c3-dee05378a618", A800, null, 0m, 2, 53.752m, 179711977),
        new("GPU-f22db14d-1597-8eb1-78dc-d93765918c73", A800, null, 0m, 2, 56.990m, 190722266),
        new("GPU-a878a9f3-cf6d-b94c-38ba-892ed140c7ee", A800, null, 0m, 2, 58.643m, 196329125),
        new("GPU-a1dd6923-de62-e22b-c882-4d6f7e1ec5ce", A800, null, 0m, 2, 54.581m, 182536958),
        new("GPU-c07eb90d-74b0-d3b4-e6ce-f18687564243", A800, null, 0m, 2, 57.145m, 191045467),
        new("GPU-4e75c9ab-0ed7-8a57-75f5-23761b9f053f", A800, null, 0m, 2, 55.011m, 183986286),
    ];

    [Fact]
    public void A_whole_gpu_reads_utilization_memory_power_and_its_energy_counter_and_keeps_its_model_unchanged()
    {
        var answer = DcgmExporterMetrics.Parse(Recorded.Read("Dcgm", "t4-whole-gpu.txt"));

        Assert.Equal(
            [new GpuReading("GPU-6d5c0ac5-74d7-3130-46f1-e93ed57f469a", "Tesla T4", null, 91m, 5120, 68.244m, 15152422938)],
            answer.Gpus);
        Assert.Empty(answer.WithoutModel);
    }

    [Fact]
    public void Help_and_type_lines_and_the_families_not_read_are_passed_over()
    {
        var answer = DcgmExporterMetrics.Parse(Recorded.Read("Dcgm", "l40s-whole-gpu.txt"));

        Assert.Equal(
            [new GpuReading("GPU-5b4e07f6-3a86-4340-039d-25f2a83cdc43", "NVIDIA L40S", null, 0m, 0, 35.686m, 5551899580)],
            answer.Gpus);
    }

    [Fact]
    public void A_partitioned_gpu_is_replaced_by_its_mig_instances_named_by_gpu_uuid_and_instance_id_without_the_shared_power_and_energy()
    {
        Assert.Equal(A800Readings, DcgmExporterMetrics.Parse(A800Answer()).Gpus);
    }

    [Fact]
    public void A_value_the_exporter_could_not_convert_spoils_nothing_else()
    {
        Assert.Equal(A800Readings, DcgmExporterMetrics.Parse(A800Answer("a800-mig-vgpu-conversion-error.txt")).Gpus);
    }

    [Fact]
    public void Without_gpu_util_a_gpu_reads_its_graphics_engine_activity_as_a_percentage()
    {
        // The T4's recording with its DCGM_FI_DEV_GPU_UTIL line taken out, as an exporter whose
        // counters file leaves that field out would print it.
        var withoutGpuUtil = string.Join('\n', Recorded.Read("Dcgm", "t4-whole-gpu.txt").Split('\n')
            .Where(line => !line.StartsWith("DCGM_FI_DEV_GPU_UTIL{", StringComparison.Ordinal)));

        Assert.Equal(15.6205m, Assert.Single(DcgmExporterMetrics.Parse(withoutGpuUtil).Gpus).UtilizationPercent);
    }

    [Fact]
    public void An_answer_cut_off_in_the_middle_of_a_line_is_refused_whole()
    {
        var recorded = Recorded.Read("Dcgm", "t4-whole-gpu.txt");
        var insideMemoryLabels = recorded.IndexOf("Tesla T4", recorded.IndexOf("DCGM_FI_DEV_FB_USED{", StringComparison.Ordinal), StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => DcgmExporterMetrics.Parse(recorded[..insideMemoryLabels]));
        Assert.Throws<FormatException>(() => DcgmExporterMetrics.Parse("<html><body>Service Unavailable</body></html>"));
    }
}
