namespace NodeAgent.Tests.NvidiaSmi;

/// <summary>
/// nvidia-smi output in its real format (units in headers and values, bracketed missing values,
/// ", " separators, the "-L" layout of current drivers and of R450/R460), with made-up UUIDs. The CSV
/// comes from <c>--query-gpu=timestamp,uuid,name,utilization.gpu,memory.used,power.draw
/// --format=csv --loop-ms=500</c>: rounds about half a second apart.
/// </summary>
internal static class RecordedOutput
{
    public const string H100A = "GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b";
    public const string H100B = "GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5";
    public const string A100 = "GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0";
    public const string MigA = "MIG-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
    public const string MigB = "MIG-2b3c4d5e-6f7a-8b9c-0d1e-2f3a4b5c6d7e";
    public const string MigC = "MIG-3c4d5e6f-7a8b-9c0d-1e2f-3a4b5c6d7e8f";

    /// <summary>Two H100s, three rounds, the header printed once.</summary>
    public const string TwoGpus = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.123, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29089 MiB, 154.88 W
        2024/05/01 12:00:00.125, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, 0 %, 0 MiB, 69.85 W
        2024/05/01 12:00:00.641, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 98 %, 29089 MiB, 631.95 W
        2024/05/01 12:00:00.643, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, 0 %, 0 MiB, 70.02 W
        2024/05/01 12:00:01.158, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29113 MiB, 633.41 W
        2024/05/01 12:00:01.160, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, 3 %, 517 MiB, 88.10 W
        """;

    /// <summary>Fields a driver could not read, in every spelling nvidia-smi has for that.</summary>
    public const string MissingValues = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.123, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, [N/A], [Not Supported], [Unknown Error]
        2024/05/01 12:00:00.125, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, N/A, 0 MiB, [Not Supported]
        """;

    /// <summary>The same query in another order, as another driver or a changed query could print it.</summary>
    public const string ColumnsReordered = """
        uuid, power.draw [W], name, memory.used [MiB], timestamp, utilization.gpu [%]
        GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, 154.88 W, NVIDIA H100 80GB HBM3, 29089 MiB, 2024/05/01 12:00:00.123, 100 %
        """;

    /// <summary>The header printed again before every round.</summary>
    public const string HeaderRepeated = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.123, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29089 MiB, 154.88 W
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.641, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 98 %, 29089 MiB, 631.95 W
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:01.158, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29113 MiB, 633.41 W
        """;

    /// <summary>The second H100 falls off the bus for one round and comes back.</summary>
    public const string GpuDisappears = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.123, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29089 MiB, 154.88 W
        2024/05/01 12:00:00.125, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, 0 %, 0 MiB, 69.85 W
        2024/05/01 12:00:00.641, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 98 %, 29089 MiB, 631.95 W
        2024/05/01 12:00:01.158, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29113 MiB, 633.41 W
        2024/05/01 12:00:01.160, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, 0 %, 0 MiB, 70.02 W
        """;

    /// <summary>One GPU in a round, another one in the next: no UUID repeats between them.</summary>
    public const string GpusTakeTurns = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.123, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29089 MiB, 154.88 W
        2024/05/01 12:00:00.641, GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5, NVIDIA H100 80GB HBM3, 0 %, 0 MiB, 69.85 W
        """;

    /// <summary>An H100 beside a partitioned A100, whose utilization nvidia-smi does not report.</summary>
    public const string MigQuery = """
        timestamp, uuid, name, utilization.gpu [%], memory.used [MiB], power.draw [W]
        2024/05/01 12:00:00.123, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 100 %, 29089 MiB, 154.88 W
        2024/05/01 12:00:00.126, GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0, NVIDIA A100-SXM4-40GB, [N/A], 11125 MiB, 233.78 W
        2024/05/01 12:00:00.641, GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b, NVIDIA H100 80GB HBM3, 98 %, 29089 MiB, 631.95 W
        2024/05/01 12:00:00.644, GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0, NVIDIA A100-SXM4-40GB, [N/A], 11125 MiB, 235.02 W
        """;

    /// <summary><c>nvidia-smi -L</c> for the machine of <see cref="MigQuery"/>.</summary>
    public const string MigList = """
        GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b)
        GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0)
          MIG 3g.20gb     Device  0: (UUID: MIG-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d)
          MIG 2g.10gb     Device  1: (UUID: MIG-2b3c4d5e-6f7a-8b9c-0d1e-2f3a4b5c6d7e)
          MIG 1c.2g.10gb  Device  2: (UUID: MIG-3c4d5e6f-7a8b-9c0d-1e2f-3a4b5c6d7e8f)

        """;

    /// <summary><c>nvidia-smi -L</c> of a R450/R460 driver, which named MIG devices after their parent.</summary>
    public const string LegacyMigList = """
        GPU 0: A100-SXM4-40GB (UUID: GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0)
          MIG 1g.5gb Device 0: (UUID: MIG-GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0/7/0)
          MIG 1g.5gb Device 1: (UUID: MIG-GPU-0f9e8d7c-6b5a-4938-2716-05f4e3d2c1b0/8/0)
        """;

    /// <summary><c>nvidia-smi -L</c> of a machine without MIG.</summary>
    public const string PlainList = """
        GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5d6a3a2b-7c4e-1f23-9a8b-0c1d2e3f4a5b)
        GPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-8e1f0c3d-2b4a-4c5d-8e9f-a0b1c2d3e4f5)
        """;
}
