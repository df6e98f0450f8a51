using Metering.Contracts;

namespace NodeAgent.Allocations;

/// <summary>
/// Who holds each device of this node now, keyed by the id the GPU source reports (a GPU's or a
/// MIG slice's UUID): from the operator's file or from the node's scheduler.
/// </summary>
public interface IAllocationSource
{
    /// <summary>Cheap enough to call every second: a source refreshes itself at its own pace.</summary>
    IReadOnlyDictionary<string, GpuAllocation> Current();

    /// <summary>
    /// Who is billed for each device during <paramref name="second"/>, the UTC second a sample
    /// covers. Only a source that shares a device between holders by the second (Kubernetes'
    /// time-sliced GPUs) needs the second; every other source answers with what holds now.
    /// </summary>
    IReadOnlyDictionary<string, GpuAllocation> At(DateTimeOffset second) => Current();
}
