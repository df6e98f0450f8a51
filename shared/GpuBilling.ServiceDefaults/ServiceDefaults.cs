using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GpuBilling.ServiceDefaults;

/// <summary>The wiring every service shares: telemetry (with Prometheus's scraping endpoint), health, structured logs, problem details, the API's OpenAPI document.</summary>
public static class ServiceDefaults
{
    /// <summary>MassTransit's diagnostic source: carries a trace from the agent's publish into the consumer.</summary>
    private const string MassTransitSource = "MassTransit";

    /// <summary>
    /// ASP.NET Core writes four lines for every request at Information, and Marten notes its sessions:
    /// noise to a person reading the log, and CPU on every call. The lowest of the configuration's
    /// sources, so a service's settings and the environment still say otherwise.
    /// </summary>
    private static readonly Dictionary<string, string?> LogLevels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Marten"] = "Warning",
    };

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName, params string[] ownSources)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogLevels });
        builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<MalformedRequests>();
        // Outside Development a request that cannot be bound would otherwise get a bare 400 that names nothing.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new DecimalText());
            // Otherwise `{"role":"tenant","role":"operator"}` binds the last value, which another reader of the same body (a proxy, a log) may not.
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.Services.AddApiDocuments();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ListeningAddress>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(MassTransitSource)
                .AddSource(ownSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(MassTransitSource)
                .AddMeter(ownSources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        ScrapingEndpoint.Listen(builder);

        // Exporting is opt-in so a laptop or a test run needs no collector.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();

        return builder;
    }

    /// <summary>
    /// `/metrics` answers Prometheus (<see cref="ScrapingEndpoint"/>); `/health/live` answers while the process runs; `/health/ready` once every check passes;
    /// `/openapi/v1.json` and `/reference` describe the API.
    /// </summary>
    /// <param name="publicPort">The service's port is the public one (the gateway's): <see cref="ScrapingEndpoint"/>.</param>
    /// <param name="mapApiDocuments">
    /// What describes the API: by default this application's own endpoints
    /// (<see cref="ApiDocuments.MapApiDocuments"/>); the gateway describes the whole API behind it instead.
    /// </param>
    public static WebApplication MapServiceDefaults(
        this WebApplication app, Func<WebApplication, WebApplication>? mapApiDocuments = null, bool publicPort = false)
    {
        ScrapingEndpoint.Map(app, publicPort);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/ready");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        (mapApiDocuments ?? ApiDocuments.MapApiDocuments)(app);
        return app;
    }

    /// <summary>
    /// What every request is held to before its endpoint runs: ids in its path (<see cref="IdParameters"/>)
    /// and a JSON body that is there (<see cref="NullBodies"/>). Called after authentication and
    /// authorization, so a caller without a key or a role is refused for that (401, 403) first and
    /// learns nothing of the rules of ids and bodies.
    /// </summary>
    public static WebApplication UseRequestRules(this WebApplication app) => app.RefuseMalformedIds().RefuseNullBodies();
}
