namespace Invoicing.Standing;

public static class StandingRegistration
{
    /// <summary>The standing's settings (`Invoicing:CreditExpiryNotice`) and its sweep, run in the credit expiry sweep's rounds.</summary>
    public static IHostApplicationBuilder AddStanding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Invoicing").Get<StandingOptions>() ?? new StandingOptions());
        builder.Services.AddSingleton<StandingSweep>();
        return builder;
    }
}
