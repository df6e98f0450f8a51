using NodeAgent.Allocations.Slurm;

namespace NodeAgent.Allocations;

public static class AllocationsRegistration
{
    /// <summary>
    /// Where allocations come from (`Allocations:Source`): the operator's file (`Allocations:Path`),
    /// or `slurm`, the files the Slurm prolog and epilog keep (`Slurm:*`).
    /// </summary>
    public static IHostApplicationBuilder AddAllocations(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<IAllocationSource>(services => configuration["Allocations:Source"] switch
        {
            null or "file" => new AllocationFile(
                configuration["Allocations:Path"], services.GetRequiredService<ILogger<AllocationFile>>()),
            "slurm" => new SlurmAllocations(
                (configuration.GetSection("Slurm").Get<SlurmOptions>() ?? new SlurmOptions()).Validated(),
                services.GetRequiredService<ILogger<SlurmAllocations>>()),
            var other => throw new InvalidOperationException($"Allocations:Source '{other}' is not one of: file, slurm."),
        });
        builder.Services.AddSingleton<UnknownDevices>();
        return builder;
    }
}
