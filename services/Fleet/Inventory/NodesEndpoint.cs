using FluentValidation;
using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Fleet.Inventory;

/// <summary>The body of a node's new version: the node is named by the path and the registrar is the caller.</summary>
public sealed record RegisterNodeVersionRequest(DateTimeOffset? EffectiveFrom, DateTimeOffset? Until, string? Site, string? SupplierId, IReadOnlyList<HeldGpus>? Gpus);

/// <summary>What the body must hold as sent (and so what the document requires); the rest is the decision's to judge (<see cref="RegisterNodeVersionValidator"/>).</summary>
public sealed class RegisterNodeVersionRequestValidator : AbstractValidator<RegisterNodeVersionRequest>
{
    public RegisterNodeVersionRequestValidator()
    {
        RuleFor(r => r.EffectiveFrom).NotNull().WithMessage("'EffectiveFrom' is required.");
        RuleFor(r => r.Site).NotEmpty().MaximumLength(RegisterNodeVersionValidator.MaxIdLength);
        RuleFor(r => r.SupplierId).NotEmpty().IsId(Ids.Supplier);
    }
}

/// <summary>A page of registered nodes in id order; <see cref="Next"/> reads the one after it and is null on the last.</summary>
public sealed record NodePage(IReadOnlyList<FleetNode> Nodes, string? Next);

public static class NodesEndpoint
{
    /// <summary>The validator of a node version's body as sent, which the endpoint runs first and the document reads.</summary>
    public static IServiceCollection AddInventory(this IServiceCollection services) =>
        services.AddSingleton<IValidator<RegisterNodeVersionRequest>, RegisterNodeVersionRequestValidator>();

    public static void MapInventory(this IEndpointRouteBuilder app)
    {
        var nodes = app.MapGroup("/v1/fleet/nodes").WithTag("Fleet inventory", "The registered nodes (site, supplier, GPUs), effective-dated, that costs and efficiency are grouped by, and how they match what reports.").RequireRoles(Roles.Operator);
        nodes.MapPost("/{nodeId}/versions", RegisterAsync)
            .WithName("RegisterNodeVersion")
            .WithSummary("Registers a node, or its next version: site, supplier and GPUs held from a date (which may be past), until a date if it ends.")
            .ProducesAddedVersion<NodeVersionRegistered>()
            .ValidatesBody<RegisterNodeVersionRequest>(VersionRefused);
        nodes.MapGet("", ListAsync)
            .WithName("ListFleetNodes")
            .WithSummary("A page of registered nodes in id order, each with every version of its record.")
            .ProducesPage<NodePage>();
        nodes.MapGet("/{nodeId}", GetAsync)
            .WithName("GetNode")
            .WithSummary("A registered node with every version of its record.")
            .Produces<FleetNode>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapInventoryCheck();
    }

    private static async Task<IResult> RegisterAsync(
        string nodeId, RegisterNodeVersionRequest request, ClaimsPrincipal user, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Held to RegisterNodeVersionRequestValidator before this runs.
        var (effectiveFrom, site, supplierId) = (request.EffectiveFrom!.Value, request.Site!, request.SupplierId!);
        return await store.AddVersionAsync<FleetNode, NodeVersionRegistered>(
            new NodeKey(nodeId).ToString(),
            state => RegisterNodeVersionDecision.Decide(
                new RegisterNodeVersion(nodeId, effectiveFrom, request.Until, site, supplierId, request.Gpus ?? [],
                    clock.GetUtcNow(), user.Id()), state),
            new VersionAnswers(VersionRefused, "The node changed meanwhile.",
                $"Another version of node '{nodeId}' was registered while this one was decided; read the node and register again.",
                $"/v1/fleet/nodes/{nodeId}"),
            cancellationToken);
    }

    /// <summary>Pages as every list does (<see cref="Pages"/>): the cursor is the last node id of the previous page.</summary>
    private static async Task<IResult> ListAsync(int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : Pages.SortKeyOf(cursor);
        var problems = Pages.ProblemsWith(limit, cursor, after is not null);
        if (problems.Count > 0) return problems.Select(p => new FieldProblem(p.Field, p.Problem)).ToValidationProblem(title: "The page cannot be read.");

        var query = session.Query<FleetNode>().AsQueryable();
        if (after is not null) query = query.Where(n => n.NodeId.CompareTo(after) > 0);
        var fetched = await query.OrderBy(n => n.NodeId).Take(Pages.FetchSize(limit)).ToListAsync(cancellationToken);
        var page = Pages.Of(fetched, limit, n => n.NodeId);
        return Results.Ok(new NodePage(page.Items, page.Next));
    }

    private static async Task<IResult> GetAsync(string nodeId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<FleetNode>(new NodeKey(nodeId).ToString(), cancellationToken) is { } node
            ? Results.Ok(node)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No node '{nodeId}' is registered.");

    private const string VersionRefused = "The node version was refused.";
}
