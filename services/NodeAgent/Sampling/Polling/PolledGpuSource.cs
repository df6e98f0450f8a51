namespace NodeAgent.Sampling.Polling;

/// <summary>
/// A source whose tool is asked now and then (npu-smi, amd-smi, dcgm-exporter): each supplies one
/// ask, and <see cref="PerSecondReadings"/> turns the answers into a reading every second.
/// </summary>
public abstract class PolledGpuSource : IGpuSource
{
    private readonly string _nodeId;
    private readonly PollingOptions _polling;

    protected PolledGpuSource(string nodeId, PollingOptions polling, TimeProvider clock, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        polling.Validate();
        (_nodeId, _polling, Clock, Logger) = (nodeId, polling, clock, logger);
    }

    protected TimeProvider Clock { get; }

    protected ILogger Logger { get; }

    public IAsyncEnumerable<NodeReading> ReadAsync(CancellationToken cancellationToken) =>
        new PerSecondReadings(_nodeId, _polling, Clock, Logger).ReadAsync(AskAsync, cancellationToken);

    /// <summary>One ask of the tool: every GPU it lists now. It throws when the tool could not answer.</summary>
    protected abstract Task<IReadOnlyList<GpuReading>> AskAsync(CancellationToken cancellationToken);
}
