using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Marten;

namespace Invoicing.Standing;

/// <summary>
/// Where tenants stand, for schedulers to act on: one tenant's standing, and every tenant not ok a
/// page at a time. Operators and schedulers read every tenant's, a tenant its own (another's
/// answers 404, as a tenant without an account does). Thresholds are set by the tenant or an operator.
/// </summary>
public static class StandingEndpoints
{
    private static readonly string[] Readers = [Roles.Operator, Roles.Scheduler, Roles.Tenant];

    public static void MapStanding(this IEndpointRouteBuilder app)
    {
        var standing = app.MapGroup("/v1/standing").WithTag("Standing", "A tenant's live standing (balance left, burn rate, projected depletion, state) for schedulers to act on, and the thresholds and spend limit that set it.").AnswersRefusals();
        standing.MapGet("", ListAsync)
            .RequireRoles(Readers)
            .WithName("ListStandingsNotOk")
            .WithSummary("A page of every tenant whose standing is not ok (low, depleted, over-limit), in tenant order.")
            .ProducesPage<StandingPage>();
        standing.MapGet("/{tenantId}", GetAsync)
            .RequireRoles(Readers)
            .WithName("GetStanding")
            .WithSummary("A tenant's standing: status, credit left, burn rate, projected depletion, the period's charges and the second of usage they include.")
            .Produces<TenantStanding>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        standing.MapPut("/{tenantId}/thresholds", PutThresholdsAsync)
            .RequireRoles(Roles.Operator, Roles.Tenant)
            .WithName("PutStandingThresholds")
            .WithSummary("Sets the low-credit threshold (money, hours of burn) and the spend limit per billing period (before tax), all at once.")
            .Produces<TenantStanding>()
            .ProducesMalformedRequest()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>A scheduler's key reaches every tenant's standing, and nothing else (its role is admitted nowhere else).</summary>
    private static bool MayRead(ClaimsPrincipal user, string tenantId) => user.IsInRole(Roles.Scheduler) || user.MaySee(tenantId);

    /// <summary>
    /// The standing as last reviewed; a tenant with an account that nothing has reviewed yet (no
    /// usage, no credit, no thresholds) is computed afresh, as it would be reviewed now.
    /// </summary>
    private static async Task<IResult> GetAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!MayRead(user, tenantId)) throw NoStanding(tenantId);
        if (await session.LoadAsync<TenantStanding>(tenantId, cancellationToken) is { } kept) return Results.Ok(kept);
        var now = clock.GetUtcNow();
        var figures = await StandingReview.FiguresAsync(session, tenantId, new StandingCause("read", now, StandingSweep.Standing), cancellationToken)
            ?? throw NoStanding(tenantId);
        return Results.Ok(TenantStanding.Of(tenantId, figures, null, 0, now));
    }

    /// <summary>Pages as accounts do (<see cref="Pages"/>): the cursor is the last tenant of the previous page.</summary>
    private static async Task<IResult> ListAsync(int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var after = cursor is null ? null : Pages.SortKeyOf(cursor);
        CommandRefused.ThrowIfUnreadable(Pages.ProblemsWith(limit, cursor, after is not null));

        var query = session.Query<TenantStanding>().Where(s => s.Status != "ok");
        if (!user.IsInRole(Roles.Scheduler) && user.TenantFilter() is { } tenants) query = query.Where(s => tenants.Contains(s.TenantId));
        if (after is not null) query = query.Where(s => s.TenantId.CompareTo(after) > 0);
        var fetched = await query.OrderBy(s => s.TenantId).Take(Pages.FetchSize(limit)).ToListAsync(cancellationToken);
        var page = Pages.Of(fetched, limit, s => s.TenantId);
        return Results.Ok(new StandingPage(page.Items, page.Next));
    }

    /// <summary>The thresholds are an event on the standing stream, and the standing is reviewed against them in the same transaction.</summary>
    private static async Task<IResult> PutThresholdsAsync(
        string tenantId, StandingThresholdsRequest request, ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId)) throw NoStanding(tenantId);
        var by = user.IsInRole(Roles.Operator) ? user.AsOperator() : Actor.Tenant(user.Id());
        return await StreamConflicts.RetryAsync(async () =>
        {
            await using var write = await writes.BeginAsync(cancellationToken);
            var session = write.Session;
            var account = (await BillingAccountStream.ReadAsync(session, new AccountKey(tenantId), cancellationToken))?.Account
                ?? throw NoStanding(tenantId);
            CommandRefused.ThrowIfInvalid(await new StandingThresholdsValidator(account.Currency).ValidateAsync(request, cancellationToken));

            var now = clock.GetUtcNow();
            var stream = await StandingStream.FetchForWritingAsync(write, new StandingKey(tenantId), cancellationToken);
            stream.Decide(state => StandingDecision.Decide(new SetStandingThresholds(
                tenantId, account.Currency, new StandingThresholds(request.LowBalance, request.LowHours, request.SpendLimit), now, by), state));
            var standing = await StandingReview.ReviewAsync(session, stream, tenantId, new StandingCause($"thresholds set by {by}", now, by), cancellationToken);
            stream.Save(session);
            await write.CommitAsync(cancellationToken);
            return Results.Ok(standing);
        });
    }

    private static CommandRefused NoStanding(string tenantId) => CommandRefused.NotFound($"Tenant '{tenantId}' has no standing: it has no billing account.");
}
