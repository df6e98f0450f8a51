namespace Pricing.Accrual;

public static class AccrualRegistration
{
    /// <summary>
    /// Usage accrues on each tenant's period streams, each allocation's seconds beside them (filled on
    /// an upgraded database by the store's registration, <see cref="PricingStorage.AddPricingStore"/>);
    /// the one leading instance opens every current period (`Pricing:PeriodOpenerInterval`).
    /// </summary>
    public static IHostApplicationBuilder AddAccrual(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccrualMetrics>();
        builder.Services.AddSingleton<AccrualWriter>();
        builder.Services.AddSingleton<PeriodOpening>();
        builder.Services.AddSingleton(builder.Configuration.GetSection("Pricing").Get<PeriodOpenerOptions>() ?? new PeriodOpenerOptions());
        builder.Services.AddHostedService<PeriodOpener>();
        return builder;
    }
}
