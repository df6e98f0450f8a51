using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// A JSON body that is `null` (or empty, sent as JSON) is refused before any endpoint runs (once the caller is
/// authenticated and admitted: a caller without a key learns nothing of the rules of bodies), as the same 400
/// problem as any other malformed request (<see cref="MalformedRequests"/>), whatever the endpoint's
/// parameter says. Why one rule here: the framework refuses a null body only for a parameter declared
/// non-nullable, so endpoints that declared theirs nullable answered 422 and one that did not, 400;
/// and a null taken as "nothing" once cleared every threshold of a tenant.
/// </summary>
public static class NullBodies
{
    public const string Detail = "The request body must be the JSON the operation describes, not null or nothing.";

    /// <summary>Bytes of a body read to tell `null` from anything else: `null` itself, with room for whitespace around it.</summary>
    private const int Peek = 64;

    public static WebApplication RefuseNullBodies(this WebApplication app)
    {
        app.Use(RefuseAsync);
        return app;
    }

    private static async Task RefuseAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } accepts
            && accepts.ContentTypes.Any(type => type.Contains("json", StringComparison.OrdinalIgnoreCase))
            && context.Request.HasJsonContentType())
        {
            context.Request.EnableBuffering();
            var isNull = await IsNullOrNothingAsync(context.Request.Body, context.RequestAborted);
            context.Request.Body.Position = 0;
            if (isNull) throw new BadHttpRequestException(Detail, StatusCodes.Status400BadRequest);
        }
        await next(context);
    }

    /// <summary>Reads no further than <see cref="Peek"/> bytes: a body that long is not `null`.</summary>
    private static async Task<bool> IsNullOrNothingAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[Peek + 1];
        var read = 0;
        while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0) read += n;
        if (read > Peek) return false;
        var text = Encoding.UTF8.GetString(buffer, 0, read).Trim(' ', '\t', '\r', '\n', '\uFEFF');
        return text is "" or "null";
    }

    /// <summary>
    /// The document says so: a 400 problem may answer every JSON body (described here for an operation
    /// that did not say so itself, as the refusal comes before it runs), and a body the endpoint declared
    /// nullable (`oneOf: [null, the object]`) is the object alone, since `null` is refused. Whether a body
    /// may be left out altogether stays the endpoint's to say (a nullable parameter: a void's reason).
    /// </summary>
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths?.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []) ?? [])
        {
            if (operation.RequestBody is not OpenApiRequestBody body || body.Content?.Keys.Any(type => type.Contains("json", StringComparison.OrdinalIgnoreCase)) is not true)
                continue;
            body.Description ??= "A `null` body, or an empty one sent as JSON, is refused as malformed (400).";
            foreach (var (_, media) in body.Content.Where(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)))
                if (media.Schema?.OneOf is { Count: 2 } branches && branches.Count(b => b.Type == JsonSchemaType.Null) == 1)
                    media.Schema = branches.Single(b => b.Type != JsonSchemaType.Null);
            AddBadRequest(operation, document);
        }
        return Task.CompletedTask;
    }

    /// <summary>The 400 validation problem, for an operation whose refusal comes before it runs and which did not say so itself.</summary>
    public static void AddBadRequest(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey("400") && document.Components?.Schemas?.ContainsKey(nameof(HttpValidationProblemDetails)) is true)
            operation.Responses["400"] = new OpenApiResponse
            {
                Description = "Bad Request",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(HttpValidationProblemDetails), document) },
                },
            };
    }
}
