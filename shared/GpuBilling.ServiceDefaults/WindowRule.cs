using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// A rule across two query parameters: <see cref="To"/> after <see cref="From"/> and at most
/// <see cref="MaxDays"/> days later. JSON Schema describes one parameter at a time, so the operation
/// says it in words and, for a program (the tests' generated-input walk, a client's generator), in
/// <see cref="Extension"/>. The endpoint names it beside its route from the same constant its check uses.
/// </summary>
public sealed record WindowRule(string From, string To, int MaxDays)
{
    public const string Extension = "x-window";

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var rule in context.Description.ActionDescriptor.EndpointMetadata.OfType<WindowRule>())
        {
            var sentence = $"`{rule.To}` must be after `{rule.From}` and at most {rule.MaxDays} days later; otherwise a 422 names `{rule.To}`.";
            operation.Description = operation.Description is { Length: > 0 } described ? $"{described}\n\n{sentence}" : sentence;
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[Extension] = new JsonNodeExtension(new JsonObject { ["from"] = rule.From, ["to"] = rule.To, ["maxDays"] = rule.MaxDays });
        }
        return Task.CompletedTask;
    }
}

public static class WindowRules
{
    public static TBuilder WithWindow<TBuilder>(this TBuilder builder, string from, string to, int maxDays) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new WindowRule(from, to, maxDays));
}
