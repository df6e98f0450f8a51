using Metering.Contracts;

namespace NodeAgent.Allocations.Slurm;

/// <summary>`Slurm:*`: where the prolog writes this node's jobs, and how a job becomes an allocation.</summary>
public sealed class SlurmOptions
{
    /// <summary>The prolog's ALLOCATIONS_DIR: `jobs/` (a file per job) and `gpus.csv` (GRES index to UUID).</summary>
    public string Directory { get; set; } = "/run/gpu-metering/slurm";

    /// <summary>"account" (a job without one falls back to its user) or "user".</summary>
    public string TenantFrom { get; set; } = "account";

    /// <summary>Account or user name to tenant id; a name not listed is the tenant id itself.</summary>
    public Dictionary<string, string> Tenants { get; set; } = [];

    /// <summary>Partition to allocation class ("on-demand" or "spot"); a partition not listed is on demand.</summary>
    public Dictionary<string, string> AllocationClasses { get; set; } = [];

    /// <summary>Settings that would bill wrongly stop the agent at start, not at the first job.</summary>
    public SlurmOptions Validated()
    {
        if (TenantFrom is not ("account" or "user"))
            throw new InvalidOperationException($"Allocations:Slurm:TenantFrom '{TenantFrom}' is not one of: account, user.");
        foreach (var (partition, allocationClass) in AllocationClasses)
            if (!Metering.Contracts.AllocationClasses.IsKnown(allocationClass))
                throw new InvalidOperationException(
                    $"Allocations:Slurm:AllocationClasses:{partition} '{allocationClass}' is not one of: {string.Join(", ", Metering.Contracts.AllocationClasses.All)}.");
        return this;
    }
}
