using Fleet.Costs;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Marten;
using Npgsql;

namespace Fleet.Inventory;

/// <summary>
/// Where the inventory and the ledger disagree over a period: GPU time reported by nodes (or models)
/// not registered then, registered GPUs held and paid for that reported nothing for part or all of
/// it, and more GPUs reported than registered.
/// </summary>
public sealed record InventoryCheck(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<UncostedUsage> ReportingButNotRegistered,
    IReadOnlyList<HoldingUse> RegisteredButNotReporting,
    IReadOnlyList<HoldingUse> ReportingBeyondRegistered);

public static class InventoryCheckEndpoint
{
    public static void MapInventoryCheck(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/fleet/inventory-check", CheckAsync)
            .RequireRoles(Roles.Operator)
            .WithTags("Fleet inventory")
            .WithName("CheckInventory")
            .WithSummary("Nodes that report but are not registered, and registered GPUs that report nothing, over a period.")
            .Produces<InventoryCheck>()
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> CheckAsync(DateTimeOffset? from, DateTimeOffset? to, IQuerySession session, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var problems = ReportPeriods.ProblemsWith(from, to);
        if (problems.Count > 0) return problems.ToValidationProblem(title: "The period cannot be checked.");

        var attribution = await FleetReadings.AttributeAsync(session, database, from!.Value, to!.Value, cancellationToken);
        return Results.Ok(new InventoryCheck(from.Value, to.Value,
            attribution.Uncosted,
            [.. attribution.Holdings.Where(h => h.UnreportedGpuSeconds > 0)],
            [.. attribution.Holdings.Where(h => h.BeyondRegisteredGpuSeconds > 0)]));
    }
}
