namespace NodeAgent.Tests.NvidiaSmi;

/// <summary>
/// The nvidia-smi answers kept under Recorded/ (where each comes from: SOURCES.md there), and the
/// streams tests build from their lines.
/// </summary>
internal static class RecordedNvidiaSmi
{
    /// <summary>What the capture tool printed in place of the GPU's own UUID (see SOURCES.md).</summary>
    public const string MaskedGpu = "GPU-00000000-0000-0000-0000-000000000000";

    public const string H100 = "NVIDIA H100 80GB HBM3";

    /// <summary>One H100, idle then under load: <c>--query-gpu</c> of all 212 fields driver 590 has.</summary>
    public const string H100Idle = "query-h100-idle.csv";
    public const string H100Load = "query-h100-load.csv";

    /// <summary>The same H100 partitioned into four MIG slices (<see cref="H100MigList"/>).</summary>
    public const string H100MigIdle = "query-h100-mig-idle.csv";
    public const string H100MigLoad = "query-h100-mig-load.csv";
    public const string H100MigList = "list-h100-mig.txt";

    public static string Read(string file) => Recorded.Read("NvidiaSmi", file);

    public static string PathOf(string file) => Recorded.PathOf("NvidiaSmi", file);

    public static string Header(string file) => Lines(file)[0];

    /// <summary>The one data line of a single-GPU answer.</summary>
    public static string Row(string file) => Lines(file).Skip(1).Single();

    /// <summary>What <c>--loop-ms</c> prints: the header once, then one line per GPU and round.</summary>
    public static string Loop(string headerFrom, params string[] rows) => string.Join('\n', [Header(headerFrom), .. rows]);

    private static string[] Lines(string file) => Read(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
