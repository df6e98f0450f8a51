namespace NodeAgent.Allocations;

public static class AllocationsRegistration
{
    /// <summary>Where allocations come from (`Allocations:Source`): the operator's file (`Allocations:Path`).</summary>
    public static IHostApplicationBuilder AddAllocations(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<IAllocationSource>(services => configuration["Allocations:Source"] switch
        {
            null or "file" => new AllocationFile(
                configuration["Allocations:Path"], services.GetRequiredService<ILogger<AllocationFile>>()),
            var other => throw new InvalidOperationException($"Allocations:Source '{other}' is not one of: file."),
        });
        builder.Services.AddSingleton<UnknownDevices>();
        return builder;
    }
}
