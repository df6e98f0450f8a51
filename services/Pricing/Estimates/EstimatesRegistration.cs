namespace Pricing.Estimates;

public static class EstimatesRegistration
{
    /// <summary>Unsealed usage is tallied from metering's observations and the accruals, and priced provisionally for the live standing.</summary>
    public static IHostApplicationBuilder AddEstimates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChargesEstimates>();
        builder.Services.AddHostedService<UnsealedUsagePruner>();
        return builder;
    }
}
