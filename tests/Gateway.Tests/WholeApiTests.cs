using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.ApiReference;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.OpenApi;

namespace Gateway.Tests;

/// <summary>
/// Every service with an HTTP API run as a real process behind the gateway (in this process), the
/// way `make up` runs them: each cluster of the route table points at one of them.
/// </summary>
public sealed class ServicesBehindGateway : IAsyncLifetime
{
    private const string Name = "whole_api_tests";

    /// <summary>Each service's project and the cluster of the gateway's route table that sends calls to it.</summary>
    public static readonly IReadOnlyDictionary<string, string> ClusterOf = new Dictionary<string, string>
    {
        ["Metering"] = "metering",
        ["Pricing"] = "pricing",
        ["Invoicing"] = "invoicing",
        ["Webhooks"] = "webhooks",
        ["Audit"] = "audit",
        ["Fleet"] = "fleet",
    };

    private readonly Dictionary<string, ServiceProcess> _services = [];
    private WebApplicationFactory<Program>? _gateway;

    public IServiceProvider GatewayServices => _gateway!.Services;

    public HttpClient Gateway() => _gateway!.CreateClient();

    public HttpClient Service(string project) => new() { BaseAddress = _services[project].Address };

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(database, Name);
        settings["Access:GatewaySigningKey"] = "whole-api-tests-signing-key-0123456789abcdef";

        foreach (var project in ClusterOf.Keys) _services[project] = ServiceProcess.Start(project, settings);
        // The gateway learns where each service is once the service has said which port it got.
        foreach (var (project, service) in _services)
        {
            await service.ReadyAsync();
            settings[$"ReverseProxy:Clusters:{ClusterOf[project]}:Destinations:local:Address"] = $"http://127.0.0.1:{service.Port}";
        }

        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _gateway.Server;
    }

    /// <summary>Also after a failed start: whatever did start is stopped.</summary>
    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var service in _services.Values) await service.DisposeAsync();
    }
}

/// <summary>
/// The gateway's one document for the whole API, held against what each service itself serves, and
/// every route of every service held against the gateway's route table.
/// </summary>
public class WholeApiTests(ServicesBehindGateway system) : IClassFixture<ServicesBehindGateway>
{
    private async Task<Dictionary<string, IReadOnlyList<ApiRoute>>> ServiceRoutesAsync()
    {
        var routes = new Dictionary<string, IReadOnlyList<ApiRoute>>();
        foreach (var project in ServicesBehindGateway.ClusterOf.Keys)
        {
            var read = await ApiSurface.ReadDocumentAsync(system.Service(project));
            Assert.Empty(read.Diagnostic!.Errors);
            routes[project] = ApiSurface.RoutesOf(read.Document!);
        }
        return routes;
    }

    [Fact]
    public async Task The_document_is_valid_and_describes_exactly_the_gateways_routes_and_every_services_routes()
    {
        var services = (await ServiceRoutesAsync()).Values.SelectMany(routes => routes).ToList();

        // Exactly: every route of the gateway's own route table and of the services' documents is described, and nothing else.
        Assert.Empty(await ApiSurface.DocumentProblemsAsync(system.Gateway(), system.GatewayServices, services));
    }

    [Fact]
    public async Task The_document_names_the_gateway_as_its_server_the_key_scheme_once_and_no_service_missing()
    {
        var whole = JsonNode.Parse(await system.Gateway().GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal(["http://localhost"], whole["servers"]!.AsArray().Select(s => (string)s!["url"]!));
        Assert.Equal(["ApiKey"], whole["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key));
        Assert.Equal(WholeApiDocument.Title, (string)whole["info"]!["title"]!);
        Assert.Null(whole[WholeApiDocument.MissingServicesExtension]?.ToJsonString());
    }

    [Fact]
    public async Task Each_operation_keeps_its_services_tags_and_every_tag_is_listed()
    {
        var whole = (await ApiSurface.ReadDocumentAsync(system.Gateway())).Document!;
        var listed = whole.Tags!.Select(tag => tag.Name).ToHashSet();

        foreach (var project in ServicesBehindGateway.ClusterOf.Keys)
        {
            var own = (await ApiSurface.ReadDocumentAsync(system.Service(project))).Document!;
            foreach (var (path, item) in own.Paths)
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var tags = operation.Tags?.Select(tag => tag.Name).Order().ToList() ?? [];
                Assert.Equal(tags, whole.Paths[path].Operations![method].Tags?.Select(tag => tag.Name).Order().ToList() ?? []);
                Assert.Subset(listed, tags.ToHashSet());
            }
        }
    }

    /// <summary>
    /// A route the gateway forwards asks for a key (401) before anything else; a path none of its
    /// routes matches is its own 404. So a service route answered 404 through the gateway is one the
    /// route table leaves unreachable.
    /// </summary>
    [Fact]
    public async Task Every_route_every_service_serves_is_reachable_through_the_gateway()
    {
        var unreachable = new List<string>();
        foreach (var (project, routes) in await ServiceRoutesAsync())
        foreach (var route in routes)
        {
            var path = Regex.Replace(route.Pattern, "{[^}]+}", "x");
            using var response = await system.Gateway().SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path));
            if (response.StatusCode != HttpStatusCode.Unauthorized) unreachable.Add($"{project}: {route} answers {(int)response.StatusCode} at the gateway");
        }
        Assert.Empty(unreachable);
    }
}
