namespace NodeAgent.Sampling.NvidiaSmi;

/// <summary>How the agent runs nvidia-smi; meant to be bound from configuration.</summary>
public sealed record NvidiaSmiOptions
{
    /// <summary>
    /// The executable. Anything that prints what nvidia-smi prints will do, which is how a
    /// script replaying recorded output stands in for it in tests and demos.
    /// </summary>
    public string Path { get; init; } = "nvidia-smi";

    public required string NodeId { get; init; }

    /// <summary>
    /// How often nvidia-smi samples. Half a second, not one: a reading is stamped with the
    /// second its lines were read in, and a one-second loop never stays in phase with the
    /// clock (its period is the interval plus the time a round takes, plus jitter), so now
    /// and then one second would get two rounds and its neighbour none, an unbilled second.
    /// Sampling faster and keeping the first round of each second leaves no second empty.
    /// </summary>
    public TimeSpan SamplingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often <c>nvidia-smi -L</c> is asked for the MIG slices. They change only when an
    /// operator repartitions a GPU, and starting nvidia-smi is too slow to do every second.
    /// </summary>
    public TimeSpan MigRefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait before restarting nvidia-smi after it exits.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ceiling of the restart wait, which doubles after every run that yielded no reading so
    /// that a broken driver is not hammered with process starts.
    /// </summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(60);
}
