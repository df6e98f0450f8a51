using System.Security.Claims;
using FluentValidation;
using GpuBilling.Access;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;
using Webhooks.Signing;

namespace Webhooks.Subscriptions;

public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/v1/webhooks/subscriptions").WithTag("Webhook subscriptions", "Where a tenant's events are sent, signed as Standard Webhooks specifies; secrets are shown once and rotate with an overlap.").RequireRoles(Access.ManagingRoles)
            .Identifies("id", Ids.WebhookSubscription);
        subscriptions.MapPost("/", CreateAsync)
            .WithName("CreateWebhookSubscription")
            .WithSummary("Subscribes an HTTPS endpoint to a tenant's events; the answer holds the signing secret, shown only here.")
            .Produces<SubscriptionWithSecret>(StatusCodes.Status201Created)
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        subscriptions.MapGet("/", ListAsync)
            .WithName("ListWebhookSubscriptions")
            .WithSummary("The subscriptions of every tenant the caller manages, or of `tenantId` alone.")
            .Produces<List<SubscriptionView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        subscriptions.MapGet("/{id}", GetAsync)
            .WithName("GetWebhookSubscription")
            .WithSummary("A subscription: its URL, event types and whether it is enabled (never its secret).")
            .Produces<SubscriptionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        subscriptions.MapPatch("/{id}", UpdateAsync)
            .WithName("UpdateWebhookSubscription")
            .WithSummary("Changes a subscription's URL or event types (a field left out stays); its secret and deliveries stay as they are.")
            .Produces<SubscriptionView>()
            .ProducesMalformedRequest()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound);
        subscriptions.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteWebhookSubscription")
            .WithSummary("Deletes a subscription: nothing more is delivered to it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        subscriptions.MapPost("/{id}/rotate-secret", RotateSecretAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret; the old one keeps signing beside it for a while, so receivers can switch.")
            .Produces<SubscriptionWithSecret>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        subscriptions.MapPost("/{id}/enable", EnableAsync)
            .WithName("EnableWebhookSubscription")
            .WithSummary("Enables a subscription that was disabled (410, or failing for days) once its endpoint is fixed.")
            .Produces<SubscriptionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(
        CreateSubscriptionRequest request, ClaimsPrincipal user, IValidator<CreateSubscriptionRequest> validator, IDocumentSession session,
        SecretBox secrets, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
            return Results.ValidationProblem(validation.ToDictionary(), title: "The subscription was refused.",
                statusCode: StatusCodes.Status422UnprocessableEntity);

        var tenantId = user.TenantAskedFor(request.TenantId is { Length: > 0 } named ? named : null);
        if (tenantId is null || !user.MayManage(tenantId))
            return Results.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["TenantId"] = [tenantId is null ? "is required when your key manages more than one tenant" : "must be a tenant your key manages"],
                },
                title: "The subscription was refused.", statusCode: StatusCodes.Status422UnprocessableEntity);

        var (subscription, secret) = WebhookSubscription.Create(
            tenantId, request.Url!, WebhookSubscription.EventTypesNamed(request.EventTypes), clock.GetUtcNow(), secrets);
        session.Insert(subscription);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/v1/webhooks/subscriptions/{subscription.Id}", new SubscriptionWithSecret(SubscriptionView.Of(subscription), secret));
    }

    private static async Task<IResult> ListAsync(string? tenantId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (tenantId is not null && !user.MayManage(tenantId)) return Access.NotFound($"tenant '{tenantId}'");
        var query = session.Query<WebhookSubscription>().AsQueryable();
        if (tenantId is not null) query = query.Where(s => s.TenantId == tenantId);
        else if (user.TenantFilter() is { } scope) query = query.Where(s => s.TenantId.IsOneOf(scope));
        var found = await query.OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return Results.Ok(found.Select(SubscriptionView.Of));
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<WebhookSubscription>(id, cancellationToken) is { } s && user.MayManage(s.TenantId)
            ? Results.Ok(SubscriptionView.Of(s))
            : Access.NotFound($"subscription '{id}'");

    private static async Task<IResult> UpdateAsync(
        string id, UpdateSubscriptionRequest request, ClaimsPrincipal user, IValidator<UpdateSubscriptionRequest> validator,
        WriteTransactions writes, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
            return Results.ValidationProblem(validation.ToDictionary(), title: "The change was refused.",
                statusCode: StatusCodes.Status422UnprocessableEntity);

        return await ChangeAsync(id, user, writes, cancellationToken, (locked, s) =>
        {
            var changed = s.Change(request.Url, request.EventTypes);
            locked.Session.Store(changed);
            return Results.Ok(SubscriptionView.Of(changed));
        });
    }

    private static Task<IResult> DeleteAsync(string id, ClaimsPrincipal user, WriteTransactions writes,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, user, writes, cancellationToken, (locked, s) =>
        {
            locked.Session.Delete(s);
            return Results.NoContent();
        });

    private static Task<IResult> RotateSecretAsync(string id, ClaimsPrincipal user, WriteTransactions writes,
        SecretBox secrets, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(id, user, writes, cancellationToken, (locked, s) =>
        {
            var (rotated, secret) = s.RotateSecret(clock.GetUtcNow(), secrets);
            locked.Session.Store(rotated);
            return Results.Ok(new SubscriptionWithSecret(SubscriptionView.Of(rotated), secret));
        });

    /// <summary>After the partner fixed its endpoint; its failed deliveries can then be replayed.</summary>
    private static Task<IResult> EnableAsync(string id, ClaimsPrincipal user, WriteTransactions writes,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, user, writes, cancellationToken, (locked, s) =>
        {
            var enabled = s.Enable();
            locked.Session.Store(enabled);
            return Results.Ok(SubscriptionView.Of(enabled));
        });

    private static async Task<IResult> ChangeAsync(string id, ClaimsPrincipal user, WriteTransactions writes,
        CancellationToken cancellationToken, Func<LockedSubscription, WebhookSubscription, IResult> change)
    {
        await using var locked = await LockedSubscription.TakeAsync(writes, id, cancellationToken);
        if (locked.Subscription is not { } subscription || !user.MayManage(subscription.TenantId)) return Access.NotFound($"subscription '{id}'");
        var result = change(locked, subscription);
        await locked.CommitAsync(cancellationToken);
        return result;
    }
}
