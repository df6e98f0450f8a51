using Grpc.Core;
using Metering.Contracts;

namespace NodeAgent.Allocations.Kubernetes;

/// <summary>
/// Allocations from the kubelet of this node. It is polled every
/// <see cref="KubernetesOptions.PollInterval"/> (List is cheap: the kubelet answers from memory),
/// and a sampled second is billed to whoever held each device at the last answer before the
/// sampler stamped it; the sampler stamps a second just after it passes, so a pod is billed from
/// its first second or the one after, and up to its last second or the one after: at most one
/// second of difference at each pod's start and end.
/// </summary>
public sealed class KubernetesAllocations : BackgroundService, IAllocationSource
{
    private readonly KubernetesOptions _options;
    private readonly KubeletClient _kubelet;
    private readonly PodMetadataReader? _pods;
    private readonly BillingRule _rule;
    private readonly TimeProvider _clock;
    private readonly ILogger<KubernetesAllocations> _logger;
    private readonly HashSet<PodName> _unbilledPods = [];
    private volatile Answer? _answer;
    private bool _failing;

    private sealed record Answer(DeviceShares Devices, DateTimeOffset ReceivedAt);

    public KubernetesAllocations(KubernetesOptions options, TimeProvider clock, ILogger<KubernetesAllocations> logger)
    {
        options.Validate();
        _options = options;
        _clock = clock;
        _logger = logger;
        _rule = new BillingRule(options);
        _kubelet = new KubeletClient(options.SocketPath);
        _pods = options.Pods.Enabled ? new PodMetadataReader(options.Pods, clock, logger) : null;
    }

    public IReadOnlyDictionary<string, GpuAllocation> Current() => At(_clock.GetUtcNow().AddSeconds(-1));

    public IReadOnlyDictionary<string, GpuAllocation> At(DateTimeOffset second) =>
        _answer is { } answer && _clock.GetUtcNow() - answer.ReceivedAt <= _options.MaxStaleness
            ? answer.Devices.At(second.ToUnixTimeSeconds())
            : DeviceShares.Empty.At(0);

    /// <summary>
    /// The first answer is waited for (up to <see cref="KubernetesOptions.MaxStaleness"/>; a first
    /// call on a busy node can take seconds) before the sampler starts, so the agent's first seconds
    /// are not billed to nobody for want of it.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        first.CancelAfter(_options.MaxStaleness);
        await PollAsync(first.Token, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await PollAsync(stoppingToken, stoppingToken);
    }

    /// <param name="cancellationToken">Ends this poll (the first one is bounded).</param>
    /// <param name="stopping">The agent is stopping: a poll it cut short is no failure.</param>
    private async Task PollAsync(CancellationToken cancellationToken, CancellationToken stopping)
    {
        try
        {
            var listed = (await _kubelet.ListAsync(cancellationToken)).Where(d => _options.IsGpuResource(d.ResourceName)).ToList();
            var allocatable = (await _kubelet.AllocatableAsync(cancellationToken))
                .Where(d => _options.IsGpuResource(d.ResourceName)).Select(d => d.DeviceId).ToList();
            var pods = listed.Select(d => d.Pod).ToHashSet();
            var metadata = _pods is null ? null : await _pods.RefreshAsync(pods, cancellationToken);
            var allocations = pods.ToDictionary(pod => pod, pod => _rule.AllocationOf(pod, metadata?.GetValueOrDefault(pod)));
            _answer = new Answer(
                DeviceShares.Of(listed.Select(d => new HeldDevice(d.DeviceId, allocations[d.Pod])), allocatable),
                _clock.GetUtcNow());
            ReportUnbilled(allocations);
            if (_failing) _logger.LogInformation("The kubelet at {Socket} answers again", _options.SocketPath);
            _failing = false;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            if (!_failing)
                _logger.LogError(e, "The kubelet at {Socket} does not answer; its last answer stands for {MaxStaleness}, then nobody is billed",
                    _options.SocketPath, _options.MaxStaleness);
            _failing = true;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // The agent is stopping.
        }
    }

    /// <summary>A pod holding GPUs that no rule bills is told once: it is the operator's missing rule, not a free GPU.</summary>
    private void ReportUnbilled(Dictionary<PodName, GpuAllocation?> allocations)
    {
        var unbilled = allocations.Where(a => a.Value is null).Select(a => a.Key).ToHashSet();
        foreach (var pod in unbilled.Except(_unbilledPods))
            _logger.LogWarning("Pod {Pod} holds GPUs but no rule names its tenant; they are billed to nobody", pod);
        _unbilledPods.Clear();
        _unbilledPods.UnionWith(unbilled);
    }

    public override void Dispose()
    {
        _kubelet.Dispose();
        _pods?.Dispose();
        base.Dispose();
    }
}
