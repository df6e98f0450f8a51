using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.Messaging;
using GpuBilling.Periods;
using GpuBilling.ServiceDefaults;
using Invoicing.Audit;
using Invoicing.BillingAccounts;
using Invoicing.Periods;
using Invoicing.Ratings;
using Invoicing.Standing;
using Marten;

namespace Invoicing.Thresholds;

/// <param name="GpuHours">GPU-hours as metered in a period, as decimals kept as written ("10.00" stays "10.00"); absent or empty: none.</param>
/// <param name="Spend">The period's charges before tax, in the account's currency, as decimals kept as written; absent or empty: none.</param>
public sealed record UsageThresholdsRequest(
    [property: MaxLength(UsageThresholdsRequestValidator.MaxLevels)] IReadOnlyList<decimal>? GpuHours,
    [property: MaxLength(UsageThresholdsRequestValidator.MaxLevels)] IReadOnlyList<decimal>? Spend);

/// <param name="GpuHours">The levels in order, each as it was set.</param>
/// <param name="Spend">The levels in order, each as it was set.</param>
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
/// sends `usage.threshold_crossed` to the tenant's webhook subscriptions, and so does setting one the
/// current period has already reached. Another tenant's answer 404.
/// </summary>
public static class UsageThresholdEndpoints
{
    public static void MapUsageThresholds(this IEndpointRouteBuilder app)
    {
        var thresholds = app.MapGroup("/v1/usage-thresholds")
            .WithTag("Usage thresholds", "GPU-hour and spend levels per billing period whose crossing is sent to the tenant's webhooks.")
            .RequireRoles(Roles.Tenant, Roles.Operator)
            .AnswersRefusals();
        thresholds.MapPut("/{tenantId}", PutAsync)
            .WithName("PutUsageThresholds")
            .WithSummary("Sets the GPU-hour and spend levels per period whose crossing is sent to the tenant's webhooks; a level the current period has already reached is sent at once.")
            .WithDescription("Up to 20 levels per meter, each more than 0 and at most 1000000000, none twice (\"4\" and \"4.00\" are one level); otherwise a 422 names the field. "
                + "A `null` body is refused as malformed (400). Levels are answered as they were set. A level the current period has already reached is sent at once, "
                + "with the same event id a rating crossing it would have given, so no level is sent twice in a period.")
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

    /// <summary>
    /// A `null` body is refused before this runs (<see cref="NullBodies"/>), as malformed (400), rather
    /// than read as "no levels" and clear them all.
    /// Stored under the lock a rating of the current period takes, so a rating and new levels are
    /// seen in one order: either the rating crosses a new level, or the levels find it reached.
    /// </summary>
    private static async Task<IResult> PutAsync(
        string tenantId, UsageThresholdsRequest request, ClaimsPrincipal user, WriteTransactions writes, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId)) throw CommandRefused.NotFound($"There is no tenant '{tenantId}'.");
        var validation = await new UsageThresholdsRequestValidator().ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) throw CommandRefused.Invalid($"Usage thresholds of '{tenantId}' are invalid", CommandRefused.ProblemsOf(validation));
        var by = user.IsInRole(Roles.Operator) ? user.AsOperator() : Actor.Tenant(user.Id());

        return await StreamConflicts.RetryAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var thresholds = new UsageThresholds(tenantId, [.. (request.GpuHours ?? []).Order()], [.. (request.Spend ?? []).Order()], now, user.Id());
            await using var write = await writes.BeginAsync(cancellationToken);
            var account = (await BillingAccountStream.ReadAsync(write.Session, new AccountKey(tenantId), cancellationToken))?.Account;
            if (account is not null) await TellReachedAsync(write, account, thresholds, now, by, cancellationToken);
            write.Session.Store(thresholds);
            await write.CommitAsync(cancellationToken);
            return Results.Ok(new UsageThresholdsView(tenantId, thresholds.GpuHours, thresholds.Spend, account?.CurrencyCode));
        });
    }

    /// <summary>The levels new to the current period's kept rating that it has already reached, told from the tenant's standing stream.</summary>
    private static async Task TellReachedAsync(
        WriteTransaction write, BillingAccount account, UsageThresholds thresholds, DateTimeOffset now, Actor by, CancellationToken cancellationToken)
    {
        var session = write.Session;
        var period = BillingPeriod.Containing(now, account);
        var key = PeriodCharges.KeyFor(account.TenantId, period.Start);
        await AdvisoryLocks.TenantPeriod.TakeExclusiveAsync(write.Transaction, [key], cancellationToken);
        var kept = await session.LoadAsync<PeriodCharges>(key, cancellationToken);
        var previous = await session.LoadAsync<UsageThresholds>(account.TenantId, cancellationToken);
        var reached = ThresholdCrossings.WhenSet(kept?.Rated, previous, thresholds);
        if (reached.Count == 0) return;
        var standing = await StandingStream.FetchForWritingAsync(write, new StandingKey(account.TenantId), cancellationToken);
        standing.Decide(state => ThresholdsReachedDecision.Decide(new TellThresholdsReached(
            account.TenantId, period.Start, period.LocalStart, period.LocalEnd, account.CurrencyCode, reached, now, by), state));
        standing.Save(session);
    }

    private static async Task<IResult> GetAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!user.MaySee(tenantId)) throw CommandRefused.NotFound($"There is no tenant '{tenantId}'.");
        var thresholds = await session.LoadAsync<UsageThresholds>(tenantId, cancellationToken);
        return Results.Ok(await UsageThresholdsView.OfAsync(tenantId, thresholds, session, cancellationToken));
    }
}
