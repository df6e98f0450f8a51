using GpuBilling.ServiceDefaults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.ApiReference;

/// <summary>
/// The gateway describes the whole API at its base URL, where every call is made: the document at
/// `/openapi/v1.json` (<see cref="WholeApiDocument"/>) instead of one of its own routes only, and
/// the same reference page as every service over it, so "Try it" calls the gateway with an `X-Api-Key`.
/// </summary>
public static class WholeApiEndpoints
{
    /// <summary>The name `AddOpenApi` gives the document it generates from the gateway's own endpoints.</summary>
    private const string OwnDocumentName = "v1";

    public static IServiceCollection AddWholeApiDocument(this IServiceCollection services)
    {
        // A service that does not answer delays the document by this much; one that answers generates its
        // document on the first request, which takes seconds on a busy machine.
        services.AddHttpClient(ServiceDocuments.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<ServiceDocuments>();
        return services;
    }

    public static WebApplication MapWholeApiDocuments(this WebApplication app)
    {
        app.MapGet(ApiDocuments.DocumentPath, ServeAsync).AllowAnonymous().ExcludeFromDescription();
        return app.MapApiReference();
    }

    private static async Task<IResult> ServeAsync(
        HttpRequest request,
        IProxyConfigProvider proxyConfig,
        ServiceDocuments services,
        [FromKeyedServices(OwnDocumentName)] IOpenApiDocumentProvider own,
        CancellationToken cancellationToken)
    {
        var config = proxyConfig.GetConfig();
        var whole = WholeApiDocument.Merge(
            await (await own.GetOpenApiDocumentAsync(cancellationToken)).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken),
            await services.CurrentAsync(config.Clusters, cancellationToken),
            new ForwardedRoutes(config.Routes),
            $"{request.Scheme}://{request.Host}{request.PathBase}");
        return Results.Text(await whole.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken), "application/json", System.Text.Encoding.UTF8);
    }
}
