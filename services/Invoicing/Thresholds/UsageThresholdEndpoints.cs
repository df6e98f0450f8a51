using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Invoicing.BillingAccounts;
using Marten;

namespace Invoicing.Thresholds;

/// <param name="GpuHours">GPU-hours as metered in a period; absent or empty: none.</param>
/// <param name="Spend">The period's charges before tax, in the account's currency, as a decimal; absent or empty: none.</param>
public sealed record UsageThresholdsRequest(IReadOnlyList<decimal>? GpuHours, IReadOnlyList<decimal>? Spend);

/// <param name="Currency">The billing account's currency, which spend is rated in; null while the tenant has no billing account.</param>
public sealed record UsageThresholdsView(string TenantId, IReadOnlyList<decimal> GpuHours, IReadOnlyList<decimal> Spend, string? Currency)
{
    public static async Task<UsageThresholdsView> OfAsync(string tenantId, UsageThresholds? thresholds, IQuerySession session, CancellationToken cancellationToken)
    {
        var currency = (await BillingAccountStream.ReadAsync(session, new AccountKey(tenantId), cancellationToken))?.Account.CurrencyCode;
        return new(tenantId, thresholds?.GpuHours ?? [], thresholds?.Spend ?? [], currency);
    }
}

/// <summary>
/// A tenant sets the levels it wants to hear of (an operator may set them for it); crossing one
/// sends `usage.threshold_crossed` to the tenant's webhook subscriptions. Another tenant's answer 404.
/// </summary>
public static class UsageThresholdEndpoints
{
    public const int MaxLevels = 20;

    public static void MapUsageThresholds(this IEndpointRouteBuilder app)
    {
        var thresholds = app.MapGroup("/v1/usage-thresholds")
            .WithTag("Usage thresholds", "GPU-hour and spend levels per billing period whose crossing is sent to the tenant's webhooks.")
            .RequireRoles(Roles.Tenant, Roles.Operator)
            .AnswersRefusals();
        thresholds.MapPut("/{tenantId}", PutAsync)
            .WithName("PutUsageThresholds")
            .WithSummary("Sets the GPU-hour and spend levels per period whose crossing is sent to the tenant's webhooks.")
            .Produces<UsageThresholdsView>()
            .ProducesMalformedRequest()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        thresholds.MapGet("/{tenantId}", GetAsync)
            .WithName("GetUsageThresholds")
            .WithSummary("The tenant's usage threshold levels, in the currency of its billing account.")
            .Produces<UsageThresholdsView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PutAsync(
        string tenantId, UsageThresholdsRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId)) throw CommandRefused.NotFound($"There is no tenant '{tenantId}'.");
        var gpuHours = request?.GpuHours ?? [];
        var spend = request?.Spend ?? [];
        var problems = ProblemsWith(nameof(UsageThresholdsRequest.GpuHours), gpuHours).Concat(ProblemsWith(nameof(UsageThresholdsRequest.Spend), spend)).ToList();
        if (problems.Count > 0) throw CommandRefused.Invalid($"Usage thresholds of '{tenantId}' are invalid", problems);

        var thresholds = new UsageThresholds(tenantId, Levels(gpuHours), Levels(spend), clock.GetUtcNow(), user.Id());
        session.Store(thresholds);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(await UsageThresholdsView.OfAsync(tenantId, thresholds, session, cancellationToken));
    }

    private static async Task<IResult> GetAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId)) throw CommandRefused.NotFound($"There is no tenant '{tenantId}'.");
        var thresholds = await session.LoadAsync<UsageThresholds>(tenantId, cancellationToken);
        return Results.Ok(await UsageThresholdsView.OfAsync(tenantId, thresholds, session, cancellationToken));
    }

    /// <summary>In order and without trailing zeros: 4.00 and 4 are one level, named the same in every event about it.</summary>
    private static decimal[] Levels(IEnumerable<decimal> levels) => [.. levels.Select(l => l / 1.0000000000000000000000000000m).Order()];

    private static IEnumerable<FieldProblem> ProblemsWith(string field, IReadOnlyList<decimal> levels)
    {
        if (levels.Count > MaxLevels) yield return new(field, $"has {levels.Count} levels; at most {MaxLevels}");
        for (var i = 0; i < levels.Count; i++)
            if (levels[i] is <= 0 or > 1_000_000_000m) yield return new($"{field}[{i}]", "must be more than 0 and at most 1000000000");
        if (levels.Distinct().Count() != levels.Count) yield return new(field, "names a level twice");
    }
}
