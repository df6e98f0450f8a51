using GpuBilling.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// The OpenAPI 3 document of a service, generated from its endpoints (`/openapi/v1.json`), and an
/// interactive reference page over it (`/reference`). Both are anonymous: they describe the API,
/// they answer nothing from it.
/// </summary>
public static class ApiDocuments
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/reference";
    private const string SecuritySchemeId = "ApiKey";

    public static IServiceCollection AddApiDocuments(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(DescribeApiKeysAsync);
            options.AddOperationTransformer(RequireApiKeyAsync);
            options.AddSchemaTransformer(DescribeDecimalsAsync);
            options.AddSchemaTransformer(ExactSchemas.DescribeValidatedTypesAsync);
            options.AddOperationTransformer(ExactSchemas.DescribeParametersAsync);
            options.AddOperationTransformer(WindowRule.DescribeAsync);
            options.AddOperationTransformer(IdParameters.DescribeAsync);
            options.AddDocumentTransformer(ExactSchemas.MakeSchemasExactAsync);
            options.AddDocumentTransformer(NullBodies.DescribeAsync);
            options.AddDocumentTransformer(IdParameters.DescribeRefusalAsync);
            options.AddDocumentTransformer(ApiTags.DescribeTagsAsync);
        });

    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app.MapApiReference();
    }

    /// <summary>The reference page over whatever document the application serves at <see cref="DocumentPath"/>.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        // The page's script is served by the service itself; only its default fonts would come from
        // Scalar's CDN, and its telemetry go to Scalar. Neither: nothing about a billing system's
        // traffic leaves it, and the machines it runs on may have no way out.
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle(app.Environment.ApplicationName)
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return app;
    }

    private static Task DescribeApiKeysAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key of role tenant, operator, auditor or partner. Each operation says which roles it admits.",
        };
        return Task.CompletedTask;
    }

    /// <summary>Every operation that authorizes its caller asks for the key, and says which roles it admits.</summary>
    private static Task RequireApiKeyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        var roles = metadata.OfType<AuthorizationPolicy>()
            .SelectMany(policy => policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>())
            .SelectMany(requirement => requirement.AllowedRoles)
            .Distinct()
            .ToList();
        if (roles.Count == 0 && !metadata.OfType<IAuthorizeData>().Any()) return Task.CompletedTask;

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeId, context.Document)] = [] });
        if (roles.Count > 0)
        {
            var admits = $"Roles: {string.Join(", ", roles)}.";
            operation.Description = operation.Description is { Length: > 0 } described ? $"{described}\n\n{admits}" : admits;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Describes the text formats a 200 may also come in (`format=csv`, say) beside its JSON:
    /// a second Produces for the same status would replace the JSON one instead.
    /// </summary>
    public static TBuilder AlsoAnswersAsText<TBuilder>(this TBuilder builder, params string[] mediaTypes) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?["200"].Content is { } content)
                foreach (var mediaType in mediaTypes)
                    content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return Task.CompletedTask;
        });

    /// <summary>Money and quantities are exact decimals, written as their text by <see cref="DecimalText"/>: say so, and what the text looks like.</summary>
    private static Task DescribeDecimalsAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (IsDecimal(context.JsonTypeInfo.Type)) DescribeDecimal(schema, context.JsonTypeInfo.Type);
        // A list of decimals comes with no items at all: the converter's schema is empty, and an empty items schema is left out.
        else if (context.JsonTypeInfo.ElementType is { } element && IsDecimal(element) && schema.Items is null)
            schema.Items = DescribeDecimal(new OpenApiSchema(), element);
        return Task.CompletedTask;
    }

    private static bool IsDecimal(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal);

    private static OpenApiSchema DescribeDecimal(OpenApiSchema schema, Type type)
    {
        schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        schema.Format = "decimal";
        schema.Pattern = DecimalText.Pattern;
        return schema;
    }
}

/// <summary>Who may call an endpoint, and the problem answers that follow from it.</summary>
public static class EndpointAccess
{
    /// <summary>
    /// Only keys of these roles. Also describes what the middleware in front of the endpoint answers
    /// before it runs: 401 without a valid key, 403 for a key of another role, 429 over the key's rate.
    /// </summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(policy => policy.RequireRole(roles))
            .WithMetadata(
                Problem(StatusCodes.Status401Unauthorized),
                Problem(StatusCodes.Status403Forbidden),
                Problem(StatusCodes.Status429TooManyRequests));

    /// <summary>
    /// A 400 problem for a request the framework cannot bind (a number that is not one, a body that
    /// is not JSON): <see cref="MalformedRequests"/> answers it before the endpoint runs.
    /// </summary>
    public static TBuilder ProducesMalformedRequest<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));

    private static ProducesResponseTypeMetadata Problem(int status) =>
        new(status, typeof(ProblemDetails), ["application/problem+json"]);
}
