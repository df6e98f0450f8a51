using NodeAgent.Sampling.Polling;

namespace NodeAgent.Sampling.Ascend;

/// <summary>How the agent runs npu-smi (`NpuSmi` in configuration).</summary>
public sealed record NpuSmiOptions
{
    /// <summary>The executable; anything that prints what npu-smi prints will do (tests use a script).</summary>
    public string Path { get; init; } = "npu-smi";

    public required string NodeId { get; init; }

    /// <summary>npu-smi has no loop mode, so it is started once per poll; it answers in well under a second.</summary>
    public PollingOptions Polling { get; init; } = new();

    /// <summary>
    /// How often each card's serial number is asked for again (<c>npu-smi info -t board</c>). It
    /// changes only when a card is replaced, which a restart of the agent also picks up.
    /// </summary>
    public TimeSpan BoardRefreshInterval { get; init; } = TimeSpan.FromMinutes(10);
}
