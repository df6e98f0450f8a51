using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpuBilling.ServiceDefaults;

/// <summary>What the operations under a tag are for: the reference page shows it as the section's introduction.</summary>
public sealed record TagDescription(string Name, string Description);

public static class ApiTags
{
    /// <summary>Tags the endpoints and says what the tag is for; one endpoint (or group) of a tag saying it is enough.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));

    public static Task DescribeTagsAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var descriptions = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .DistinctBy(tag => tag.Name)
            .ToDictionary(tag => tag.Name, tag => tag.Description);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && descriptions.TryGetValue(name, out var description)) tag.Description ??= description;
        return Task.CompletedTask;
    }
}
