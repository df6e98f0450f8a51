using System.Reflection;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// The general rules that make the generated document say exactly what the API does, for every
/// endpoint without asking it: see docs/architecture/http.md ("How the document is made exact").
/// </summary>
public static class ExactSchemas
{
    /// <summary>
    /// A body or answer type that a FluentValidation validator checks carries that validator's rules
    /// (<see cref="ValidatorSchemas"/>); a body the endpoint makes into another type
    /// (<see cref="BecomesAttribute"/>) carries that type's validator's rules as well.
    /// </summary>
    public static Task DescribeValidatedTypesAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Also where the type is first met as a property of another (the schema is the same component).
        if (context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return Task.CompletedTask;
        var type = context.JsonTypeInfo.Type;
        if (type.GetCustomAttribute<BecomesAttribute>() is { } becomes && ValidatorSchemas.For(becomes.Type, context.ApplicationServices, out _) is { } its)
            ValidatorSchemas.DescribeProperties(schema, its, checksAsSent: false);
        if (ValidatorSchemas.For(type, context.ApplicationServices, out var checksAsSent) is { } validator)
            ValidatorSchemas.DescribeProperties(schema, validator, checksAsSent);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Query and path parameters: integers are integers (the "or a string" that JSON's web defaults
    /// add is about bodies), and a handler that takes a validator of a query record (an
    /// <see cref="IValidator{T}"/> parameter) has that validator's rules on the parameters of the same names.
    /// </summary>
    public static Task DescribeParametersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters is not { Count: > 0 } parameters) return Task.CompletedTask;
        foreach (var parameter in parameters)
            if (parameter.Schema is OpenApiSchema { Type: { } type } schema && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }

        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var validated = metadata.OfType<MethodInfo>().SelectMany(handler => handler.GetParameters())
            .Select(p => p.ParameterType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IValidator<>))
            .Select(t => t.GetGenericArguments()[0]);
        foreach (var query in validated)
            if (ValidatorSchemas.For(query, context.ApplicationServices, out _) is { } validator)
                ValidatorSchemas.DescribeParameters(parameters, validator);
        foreach (var rule in metadata.OfType<ParameterRule>())
            if (parameters.FirstOrDefault(p => p.Name == rule.Name)?.Schema is OpenApiSchema schema) rule.Describe(schema);
        return Task.CompletedTask;
    }

    /// <summary>
    /// What only the whole document shows: an enum component never holds null (a nullable use
    /// already says `oneOf: [null, the enum]`, and null in both branches matches neither exactly once);
    /// `required` lists exactly the properties that cannot be null (a nullable one may be left out
    /// of a body and is written as null in an answer); problem details name the `traceId` every
    /// problem carries.
    /// </summary>
    public static Task MakeSchemasExactAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema schema) continue;
            if (schema.Enum is { } values && values.Any(v => v is null))
                schema.Enum = [.. values.Where(v => v is not null)];
            if (schema.Properties is { Count: > 0 } properties)
            {
                // An object a validator insists on, which the generator wrapped as `oneOf: [null, the object]`, is the object alone.
                foreach (var neverNull in ValidatorSchemas.TakeNeverNull(schema))
                    if (properties.TryGetValue(neverNull, out var property) && property.OneOf?.Where(b => b.Type != JsonSchemaType.Null).ToList() is [var only])
                        properties[neverNull] = only;
                schema.Required = properties.Where(p => !AdmitsNull(p.Value)).Select(p => p.Key).ToHashSet();
            }
            if (name is "ProblemDetails" or "HttpValidationProblemDetails" && schema.Properties is not null)
                schema.Properties["traceId"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Description = "The W3C trace id of the request, to find its logs and spans.",
                };
            // A refusal other than a 422 (a 409 of a billing account, say) may still name the fields at fault.
            if (name is "ProblemDetails" && schema.Properties is not null)
                schema.Properties["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    Description = "The fields at fault, each with its problems, where the refusal is about fields.",
                };
        }
        return Task.CompletedTask;
    }

    private static bool AdmitsNull(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) is true
        || schema.OneOf?.Any(AdmitsNull) is true
        || schema.AnyOf?.Any(AdmitsNull) is true;
}

/// <summary>
/// A rule of a query or path parameter that the endpoint checks by hand rather than with a validator
/// (a `format`, a `groupBy`): the endpoint names it once, from the same list it checks against.
/// </summary>
public sealed record ParameterRule(string Name, Action<OpenApiSchema> Describe)
{
    public static ParameterRule OneOf(string name, IReadOnlyList<string> values) =>
        new(name, schema => schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);

    /// <summary>A comma-separated list of some of <paramref name="values"/>, spaces around each allowed.</summary>
    public static ParameterRule ListOf(string name, IReadOnlyList<string> values) =>
        new(name, schema =>
        {
            var one = $"({string.Join('|', values.Select(System.Text.RegularExpressions.Regex.Escape))})";
            schema.Pattern = $"^ *{one} *(, *{one} *)*$";
            schema.Description = $"A comma-separated list of: {string.Join(", ", values)}.";
        });

    public static ParameterRule Between(string name, int minimum, int maximum) =>
        new(name, schema =>
        {
            schema.Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            schema.Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
}

public static class ParameterRules
{
    public static TBuilder WithParameterRule<TBuilder>(this TBuilder builder, ParameterRule rule) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(rule);

    /// <summary>The parameter admits only these values.</summary>
    public static TBuilder Allows<TBuilder>(this TBuilder builder, string parameter, IEnumerable<string> values) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ParameterRule.OneOf(parameter, [.. values]));

    /// <summary>The parameter is a comma-separated list of these values.</summary>
    public static TBuilder AllowsListOf<TBuilder>(this TBuilder builder, string parameter, IEnumerable<string> values) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ParameterRule.ListOf(parameter, [.. values]));
}

/// <summary>
/// On a body type: the endpoint makes the body into <see cref="Type"/> (filling in what the path says,
/// say) and a validator of that type checks it, so the document states that validator's rules on the
/// body's properties of the same names. Never as required: the endpoint may fill a field in.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BecomesAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
