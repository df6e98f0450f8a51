namespace Invoicing.Closing;

public static class ClosingRegistration
{
    /// <summary>The one leading instance closes periods whose grace has passed (`Invoicing:CloserInterval`).</summary>
    public static IHostApplicationBuilder AddClosing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Invoicing").Get<ClosingOptions>() ?? new ClosingOptions());
        builder.Services.AddSingleton<InvoiceClosing>();
        builder.Services.AddHostedService<PeriodCloser>();
        return builder;
    }
}
