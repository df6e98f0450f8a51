using System.Security.Claims;
using GpuBilling.Decisions;
using GpuBilling.ServiceDefaults;
using Marten;
using Webhooks.Subscriptions;

namespace Webhooks.Deliveries;

public static class DeliveryEndpoints
{
    private const int Newest = 100;

    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/webhooks/subscriptions/{id}/deliveries", ListAsync)
            .RequireRoles(Access.ManagingRoles)
            .WithName("ListWebhookDeliveries")
            .WithTag("Webhook deliveries", "Every delivery of an event to a subscription, each attempt logged, and replaying one.")
            .WithSummary("The newest deliveries of a subscription, each with every attempt.")
            .Produces<List<DeliveryView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Identifies("id", Ids.WebhookSubscription);
        app.MapPost("/v1/webhooks/deliveries/{id}/replay", ReplayAsync)
            .RequireRoles(Access.ManagingRoles)
            .WithName("ReplayWebhookDelivery")
            .WithTags("Webhook deliveries")
            .WithSummary("Sends a delivered or failed message again under the same webhook-id.")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Identifies("id", Ids.WebhookDelivery);
        return app;
    }

    /// <summary>The newest deliveries first, each with every attempt (status, latency, the start of the answer).</summary>
    private static async Task<IResult> ListAsync(string id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<WebhookSubscription>(id, cancellationToken) is not { } subscription || !user.MayManage(subscription.TenantId))
            return Access.NotFound($"subscription '{id}'");
        var deliveries = await session.Query<WebhookDelivery>()
            .Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt)
            .Take(Newest)
            .ToListAsync(cancellationToken);
        return Results.Ok(deliveries.Select(DeliveryView.Of));
    }

    /// <summary>Sends a delivered or failed message again, under the same webhook-id, from the start of the schedule.</summary>
    private static async Task<IResult> ReplayAsync(string id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<WebhookDelivery>(id, cancellationToken) is not { } delivery || !user.MayManage(delivery.TenantId))
            return Access.NotFound($"delivery '{id}'");
        // A pending delivery belongs to the worker, which may be sending it right now.
        if (delivery.State == DeliveryState.Pending)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The delivery is still pending.",
                detail: $"Its next attempt is at {delivery.NextAttemptAt:O}.");
        var replayed = delivery.Replay(clock.GetUtcNow());
        session.Store(replayed);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Accepted($"/v1/webhooks/subscriptions/{delivery.SubscriptionId}/deliveries", DeliveryView.Of(replayed));
    }
}
