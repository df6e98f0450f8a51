using Metering.Contracts;
using NodeAgent.Allocations;
using NodeAgent.Spooling;

namespace NodeAgent.Sampling;

/// <summary>
/// Reads the GPU source, joins in who holds each GPU, and spools every second it sees, committing
/// the spool once per window (<see cref="GroupCommit"/>).
/// </summary>
public sealed class Sampler(
    IGpuSource source,
    IAllocationSource allocations,
    UnknownDevices unknownDevices,
    Spool spool,
    GroupCommit commits,
    PublishSignal signal,
    ILogger<Sampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long sampled = 0;
        await using var readings = source.ReadAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
        while (await commits.NextAsync(readings, stoppingToken))
        {
            var reading = readings.Current;
            var current = allocations.At(reading.Second);
            unknownDevices.Check(reading.NodeId, reading.Gpus, current);
            var gpus = new GpuSample[reading.Gpus.Count];
            for (var i = 0; i < gpus.Length; i++)
            {
                var gpu = reading.Gpus[i];
                gpus[i] = new GpuSample
                {
                    GpuUuid = gpu.GpuUuid,
                    Model = gpu.Model,
                    MigProfile = gpu.MigProfile,
                    Allocation = current.GetValueOrDefault(gpu.GpuUuid),
                    UtilizationPercent = gpu.UtilizationPercent,
                    MemoryUsedMiB = gpu.MemoryUsedMiB,
                    PowerWatts = gpu.PowerWatts,
                    EnergyMillijoules = gpu.EnergyMillijoules,
                };
            }
            spool.Append(reading.NodeId, reading.Second, gpus);
            commits.Appended(reading.Second);
            sampled++;
        }
        commits.Commit();
        logger.LogInformation("The GPU source ended after {Sampled} node-seconds", sampled);
        signal.SourceEnded();
    }
}

/// <summary>Wakes the publisher when there is something new to send, and tells it when no more will come.</summary>
public sealed class PublishSignal
{
    private readonly SemaphoreSlim _raised = new(0, 1);
    private volatile bool _sourceEnded;

    public void SourceEnded()
    {
        _sourceEnded = true;
        Raise();
    }

    public bool HasSourceEnded => _sourceEnded;

    public void Raise()
    {
        try { _raised.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _raised.WaitAsync(timeout, cancellationToken);
}
