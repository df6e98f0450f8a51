using FluentValidation;
using System.Security.Claims;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;

namespace Fleet.Efficiency;

public sealed record FleetIdleThresholdRequest(decimal? IdleBelowPercent);

public sealed record FleetIdleThresholdView(decimal IdleBelowPercent, DateTimeOffset? SetAt, string? SetBy);

/// <param name="IdleBelowPercent">The tenant's own level for its view and its alerts; null: the fleet's.</param>
/// <param name="AlertAfterSeconds">How long a GPU stays held and idle before `gpu.idle` is sent; null: never.</param>
public sealed record TenantIdleSettingsRequest(decimal? IdleBelowPercent, int? AlertAfterSeconds);

public sealed class FleetIdleThresholdRequestValidator : AbstractValidator<FleetIdleThresholdRequest>
{
    public FleetIdleThresholdRequestValidator() =>
        RuleFor(r => r.IdleBelowPercent).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("is required: the average utilization, in percent, below which a held GPU is idle.")
            .IsIdleLevel();
}

public sealed class TenantIdleSettingsRequestValidator : AbstractValidator<TenantIdleSettingsRequest>
{
    public TenantIdleSettingsRequestValidator()
    {
        RuleFor(r => r.IdleBelowPercent).IsIdleLevel();
        RuleFor(r => r.AlertAfterSeconds).InclusiveBetween(1, IdleSettingsEndpoints.MaxAlertAfterSeconds)
            .WithMessage($"must be between 1 and {IdleSettingsEndpoints.MaxAlertAfterSeconds} seconds, or absent for no alert.");
    }
}

public static class IdleLevels
{
    private const string Range = "must be more than 0 and at most 100 (percent).";

    /// <summary>A level of average utilization in percent: more than 0 (nothing would ever be idle) and at most 100.</summary>
    public static IRuleBuilderOptions<T, decimal?> IsIdleLevel<T>(this IRuleBuilder<T, decimal?> level) =>
        level.GreaterThan(0m).WithMessage(Range).LessThanOrEqualTo(100m).WithMessage(Range);
}

/// <param name="EffectiveIdleBelowPercent">The level the tenant's GPUs are judged by: its own, else the fleet's.</param>
public sealed record TenantIdleSettingsView(string TenantId, decimal? IdleBelowPercent, int? AlertAfterSeconds, decimal EffectiveIdleBelowPercent);

/// <summary>
/// The idle levels. They are read whenever a report is made, so a changed level re-decides history;
/// an alert already sent stays sent.
/// </summary>
public static class IdleSettingsEndpoints
{
    /// <summary>The validators of the settings' bodies as sent, which the endpoints run first and the document reads.</summary>
    public static IServiceCollection AddIdleSettings(this IServiceCollection services) => services
        .AddSingleton<IValidator<FleetIdleThresholdRequest>, FleetIdleThresholdRequestValidator>()
        .AddSingleton<IValidator<TenantIdleSettingsRequest>, TenantIdleSettingsRequestValidator>();

    /// <summary>A week: a longer wait would never tell anyone anything in time.</summary>
    public const int MaxAlertAfterSeconds = 7 * 24 * 3600;

    public static void MapIdleSettings(this IEndpointRouteBuilder app)
    {
        var fleet = app.MapGroup("/v1/fleet/efficiency/settings").WithTags("Fleet efficiency").RequireRoles(Roles.Operator);
        fleet.MapPut("", PutFleetAsync)
            .WithName("PutFleetIdleThreshold")
            .WithSummary("Sets the average utilization (percent) below which a held GPU counts as idle, fleet-wide.")
            .Produces<FleetIdleThresholdView>()
            .ProducesMalformedRequest()
            .ValidatesBody<FleetIdleThresholdRequest>(FleetRefused);
        fleet.MapGet("", GetFleetAsync)
            .WithName("GetFleetIdleThreshold")
            .WithSummary("The fleet's idle threshold: the utilization under which a held GPU-second counts as idle.")
            .Produces<FleetIdleThresholdView>();

        var tenant = app.MapGroup("/v1/fleet/tenants/{tenantId}/idle-settings").WithTags("Fleet efficiency").RequireRoles(Roles.Tenant, Roles.Operator);
        tenant.MapPut("", PutTenantAsync)
            .WithName("PutTenantIdleSettings")
            .WithSummary("Sets a tenant's own idle level and how long a GPU stays held and idle before `gpu.idle` is sent.")
            .Produces<TenantIdleSettingsView>()
            .ProducesMalformedRequest()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ValidatesBody<TenantIdleSettingsRequest>(TenantRefused);
        tenant.MapGet("", GetTenantAsync)
            .WithName("GetTenantIdleSettings")
            .WithSummary("A tenant's idle settings: its own threshold if it set one, and how long a GPU must stay idle before `gpu.idle` is sent.")
            .Produces<TenantIdleSettingsView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PutFleetAsync(
        FleetIdleThresholdRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Held to FleetIdleThresholdRequestValidator before this runs.
        var threshold = new FleetIdleThreshold(FleetIdleThreshold.DocumentId, request.IdleBelowPercent!.Value, clock.GetUtcNow(), user.Id());
        session.Store(threshold);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(new FleetIdleThresholdView(threshold.IdleBelowPercent, threshold.SetAt, threshold.SetBy));
    }

    private static async Task<IResult> GetFleetAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var threshold = await session.LoadAsync<FleetIdleThreshold>(FleetIdleThreshold.DocumentId, cancellationToken);
        return Results.Ok(new FleetIdleThresholdView(FleetIdleThreshold.PercentOf(threshold), threshold?.SetAt, threshold?.SetBy));
    }

    private static async Task<IResult> PutTenantAsync(
        string tenantId, TenantIdleSettingsRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        // A body is held to TenantIdleSettingsRequestValidator before this runs; none clears both settings.
        if (!user.MaySee(tenantId)) return NoTenant(tenantId);
        var settings = new TenantIdleSettings(tenantId, request?.IdleBelowPercent, request?.AlertAfterSeconds, clock.GetUtcNow(), user.Id());
        session.Store(settings);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(await ViewAsync(tenantId, settings, session, cancellationToken));
    }

    private static async Task<IResult> GetTenantAsync(string tenantId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        user.MaySee(tenantId)
            ? Results.Ok(await ViewAsync(tenantId, await session.LoadAsync<TenantIdleSettings>(tenantId, cancellationToken), session, cancellationToken))
            : NoTenant(tenantId);

    private static async Task<TenantIdleSettingsView> ViewAsync(string tenantId, TenantIdleSettings? settings, IQuerySession session, CancellationToken cancellationToken)
    {
        var rule = IdleRule.Of(settings, await session.LoadAsync<FleetIdleThreshold>(FleetIdleThreshold.DocumentId, cancellationToken));
        return new TenantIdleSettingsView(tenantId, settings?.IdleBelowPercent, settings?.AlertAfterSeconds, rule.IdleBelowPercent);
    }

    private static IResult NoTenant(string tenantId) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no tenant '{tenantId}'.");

    private const string FleetRefused = "The idle threshold was refused.";

    private const string TenantRefused = "The idle settings were refused.";
}
