using NodeAgent.Sampling.Polling;

namespace NodeAgent.Sampling.Amd;

/// <summary>How the agent runs amd-smi (`AmdSmi` in configuration).</summary>
public sealed record AmdSmiOptions
{
    /// <summary>The executable; anything that prints what amd-smi prints will do (tests use a script).</summary>
    public string Path { get; init; } = "amd-smi";

    public required string NodeId { get; init; }

    /// <summary>
    /// amd-smi is a Python program that takes most of a second to start, and its watch mode printed
    /// no JSON before 26.x, so it is started once per poll; the readings of the last answer stand
    /// for the seconds until the next.
    /// </summary>
    public PollingOptions Polling { get; init; } = new() { PollInterval = TimeSpan.FromSeconds(2), MaxAge = TimeSpan.FromSeconds(15) };

    /// <summary>How often the GPUs' names and serials are asked for again (<c>amd-smi static --json</c>).</summary>
    public TimeSpan StaticRefreshInterval { get; init; } = TimeSpan.FromMinutes(10);
}
