using System.Collections.Concurrent;
using System.Reflection;
using GpuBilling.Decisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace GpuBilling.ServiceDefaults;

/// <summary>An endpoint's path parameter of a kind its name does not say (`{id}`), named beside the route.</summary>
public sealed record IdParameter(string Name, IdRule Rule);

/// <summary>
/// Every path or query parameter that is an id is held to its kind's rule (<see cref="Ids"/>) before the
/// endpoint runs, and the document states the rule as the parameter's `pattern` and `maxLength`: one rule
/// per kind of id, read by the check and by the document alike, so the two cannot drift. The kind is the
/// parameter's name (`tenantId`, <see cref="Ids.OfParameter"/>) unless the endpoint names it
/// (<see cref="Identifies{TBuilder}"/>). An id outside its rule is a 400 validation problem naming the
/// parameter: no such resource can exist, and a lookup (or a tenant's read of "nothing") would say less.
/// A query parameter is one the endpoint's handler takes by that name; sent empty, it is outside the rule too.
/// </summary>
public static class IdParameters
{
    public static TBuilder Identifies<TBuilder>(this TBuilder builder, string parameter, IdRule rule) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdParameter(parameter, rule));

    /// <summary>The rule of <paramref name="parameter"/> of the endpoint with <paramref name="metadata"/>, if it is an id.</summary>
    public static IdRule? RuleOf(string parameter, IEnumerable<object> metadata) =>
        metadata.OfType<IdParameter>().LastOrDefault(p => p.Name == parameter)?.Rule ?? Ids.OfParameter(parameter);

    /// <summary>After authentication: a caller without a key learns nothing of what the API would take.</summary>
    public static WebApplication RefuseMalformedIds(this WebApplication app)
    {
        app.Use(RefuseAsync);
        return app;
    }

    private static async Task RefuseAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var parameter in endpoint.RoutePattern.Parameters)
                if (RuleOf(parameter.Name, endpoint.Metadata) is { } rule && context.Request.RouteValues[parameter.Name] is string value && !rule.Admits(value))
                    errors[parameter.Name] = [$"'{parameter.Name}' {rule.Words}."];
            foreach (var (name, rule) in QueryIdsOf(endpoint))
                if (context.Request.Query.TryGetValue(name, out var values) && values.Any(value => !rule.Admits(value)))
                    errors[name] = [$"'{name}' {rule.Words}."];
            if (errors.Count > 0)
            {
                await Results.ValidationProblem(errors, title: "The request names an id that cannot exist.").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    private static readonly ConcurrentDictionary<RouteEndpoint, IReadOnlyList<(string Name, IdRule Rule)>> QueryIds = new();

    /// <summary>The parameters of the endpoint's handler that are ids and not in its path: bound from the query by their names.</summary>
    private static IReadOnlyList<(string Name, IdRule Rule)> QueryIdsOf(RouteEndpoint endpoint) =>
        QueryIds.GetOrAdd(endpoint, e =>
        [
            .. from name in e.Metadata.OfType<MethodInfo>().SelectMany(handler => handler.GetParameters())
                   .Where(p => p.ParameterType == typeof(string)).Select(p => p.Name).OfType<string>()
               where e.RoutePattern.GetParameter(name) is null
               let rule = RuleOf(name, e.Metadata)
               where rule is not null
               select (name, rule),
        ]);

    /// <summary>The document states each id parameter's rule; the 400 that refuses it is listed with the operation (<see cref="DescribeRefusalAsync"/>).</summary>
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter.In is not (ParameterLocation.Path or ParameterLocation.Query) || parameter is not OpenApiParameter described || parameter.Schema is not OpenApiSchema schema) continue;
            if (RuleOf(parameter.Name!, context.Description.ActionDescriptor.EndpointMetadata) is not { } rule) continue;
            schema.Pattern = rule.Pattern;
            schema.MaxLength = rule.MaxLength;
            schema.MinLength = 1;
            described.Description ??= $"A {rule.Kind}, which {rule.Words}; any other is refused with a 400 naming the parameter.";
        }
        return Task.CompletedTask;
    }

    /// <summary>Every operation with an id in its path or query may answer the 400 that refuses one.</summary>
    public static Task DescribeRefusalAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths?.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []) ?? [])
            if (operation.Parameters?.Any(p => p.Schema?.Pattern is not null
                && (p.In == ParameterLocation.Path || p.In == ParameterLocation.Query && Ids.OfParameter(p.Name!) is not null)) is true)
                NullBodies.AddBadRequest(operation, document);
        return Task.CompletedTask;
    }
}
