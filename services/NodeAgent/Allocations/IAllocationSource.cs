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
}
