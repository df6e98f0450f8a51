using NodeAgent.Allocations.Kubernetes;
using NodeAgent.Allocations.Slurm;

namespace NodeAgent.Allocations;

public static class AllocationsRegistration
{
    /// <summary>
    /// Where allocations come from (`Allocations:Source`): the operator's file (`Allocations:Path`),
    /// the node's kubelet (`Allocations:Kubernetes`), or the files the Slurm prolog and epilog keep
    /// (`Allocations:Slurm`).
    /// </summary>
    public static IHostApplicationBuilder AddAllocations(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        switch (configuration["Allocations:Source"])
        {
            case null or "file":
                builder.Services.AddSingleton<IAllocationSource>(services => new AllocationFile(
                    configuration["Allocations:Path"], services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<AllocationFile>>()));
                break;
            case "kubernetes":
                builder.Services.AddSingleton(configuration.GetSection("Allocations:Kubernetes").Get<KubernetesOptions>() ?? new KubernetesOptions());
                builder.Services.AddSingleton<KubernetesAllocations>();
                builder.Services.AddSingleton<IAllocationSource>(services => services.GetRequiredService<KubernetesAllocations>());
                // Registered before the sampler, so the kubelet's first answer is in before the first second is sampled.
                builder.Services.AddHostedService(services => services.GetRequiredService<KubernetesAllocations>());
                break;
            case "slurm":
                builder.Services.AddSingleton<IAllocationSource>(services => new SlurmAllocations(
                    (configuration.GetSection("Allocations:Slurm").Get<SlurmOptions>() ?? new SlurmOptions()).Validated(),
                    services.GetRequiredService<TimeProvider>(),
                    services.GetRequiredService<ILogger<SlurmAllocations>>()));
                break;
            case var other:
                throw new InvalidOperationException($"Allocations:Source '{other}' is not one of: file, kubernetes, slurm.");
        }
        builder.Services.AddSingleton<UnknownDevices>();
        return builder;
    }
}
