using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.ApiReference;

/// <summary>
/// Which operations of a service the gateway's route table sends to it: a route of the service's
/// cluster whose path pattern matches the operation's path and whose methods (if it names any)
/// include the operation's. The operation's path is matched as it is written,
/// `/v1/invoices/{invoiceId}`, so `{invoiceId}` stands for any one segment. Routes match only on
/// path and method here, and forward the path unchanged (the route table has no path transforms):
/// if either changes, so must this.
/// </summary>
public sealed class ForwardedRoutes(IEnumerable<RouteConfig> routes)
{
    private readonly IReadOnlyList<(string ClusterId, TemplateMatcher? Path, IReadOnlyList<string>? Methods)> _routes =
    [
        .. routes
            .Where(route => route.ClusterId is not null)
            .Select(route => (
                route.ClusterId!,
                route.Match.Path is { } path ? new TemplateMatcher(new RouteTemplate(RoutePatternFactory.Parse(path)), []) : null,
                route.Match.Methods is { Count: > 0 } methods ? methods : null)),
    ];

    public bool Forwards(string clusterId, string method, string path) =>
        _routes.Any(route =>
            route.ClusterId == clusterId
            && (route.Methods is null || route.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            && (route.Path is null || route.Path.TryMatch(path, [])));
}
