using NodeAgent.Allocations.Kubernetes;

namespace NodeAgent.Allocations;

public static class AllocationsRegistration
{
    /// <summary>
    /// Where allocations come from (`Allocations:Source`): the operator's file (`Allocations:Path`),
    /// or the node's kubelet (`Allocations:Kubernetes`).
    /// </summary>
    public static IHostApplicationBuilder AddAllocations(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        switch (configuration["Allocations:Source"])
        {
            case null or "file":
                builder.Services.AddSingleton<IAllocationSource>(services => new AllocationFile(
                    configuration["Allocations:Path"], services.GetRequiredService<ILogger<AllocationFile>>()));
                break;
            case "kubernetes":
                builder.Services.AddSingleton(configuration.GetSection("Allocations:Kubernetes").Get<KubernetesOptions>() ?? new KubernetesOptions());
                builder.Services.AddSingleton<KubernetesAllocations>();
                builder.Services.AddSingleton<IAllocationSource>(services => services.GetRequiredService<KubernetesAllocations>());
                // Registered before the sampler, so the kubelet's first answer is in before the first second is sampled.
                builder.Services.AddHostedService(services => services.GetRequiredService<KubernetesAllocations>());
                break;
            case var other:
                throw new InvalidOperationException($"Allocations:Source '{other}' is not one of: file, kubernetes.");
        }
        builder.Services.AddSingleton<UnknownDevices>();
        return builder;
    }
}
