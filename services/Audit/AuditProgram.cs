using Audit.Lineage;
using Audit.Recompute;
using Audit.Streams;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;

namespace Audit;

/// <summary>
/// One binary, two uses: with the verb `recompute` it recomputes one invoice and exits (see
/// <see cref="RecomputeCommand"/>); otherwise it serves the same recomputation over HTTP. Not a
/// top-level program: the tests and the benchmark link it beside the services, and their public
/// `Program` classes would collide with its own.
/// </summary>
public sealed class AuditProgram
{
    private AuditProgram()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        if (args is ["recompute", .. var arguments])
        {
            var configuration = new ConfigurationBuilder()
                .SetBasePath(AppContext.BaseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .Build();
            return await RecomputeCommand.RunAsync(configuration.GetConnectionString("Postgres"), arguments, Console.Out, Console.Error, CancellationToken.None);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("audit");
        builder.AddEventStore(AuditStorage.Configure);
        builder.AddAuditedStores();
        builder.AddApiKeyAccess();

        var app = builder.Build();
        app.MapServiceDefaults();
        app.UseApiKeyAccess();
        app.UseRequestRules();
        app.MapFullRecompute();
        app.MapLineLineage();
        app.MapStreamHistory();
        await app.RunAsync();
        return 0;
    }
}
