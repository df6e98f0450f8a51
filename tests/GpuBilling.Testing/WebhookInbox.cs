using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GpuBilling.Testing;

/// <summary>One webhook as a partner received it: when it arrived (this machine's clock) and its body's type and data.</summary>
public sealed record ArrivedWebhook(string TenantId, DateTimeOffset ArrivedAt, string Id, string Type, JsonElement Data);

/// <summary>
/// A partner's endpoint on a free loopback port, one URL per tenant subscribed, that answers 200
/// and keeps what arrived and when. Signatures are the webhooks service's own tests' concern; here only what was said, and when.
/// </summary>
public sealed class WebhookInbox : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    public ConcurrentQueue<ArrivedWebhook> Arrived { get; } = new();

    public Uri UrlFor(string tenantId) => _server.UrlOf($"/hooks/{tenantId}");

    public static async Task<WebhookInbox> StartAsync()
    {
        var inbox = new WebhookInbox();
        inbox._server = await LoopbackServer.StartAsync(app => app.MapPost("/hooks/{tenantId}", inbox.ReceiveAsync));
        return inbox;
    }

    private async Task<IResult> ReceiveAsync(string tenantId, HttpRequest request)
    {
        var arrivedAt = DateTimeOffset.UtcNow;
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        Arrived.Enqueue(new ArrivedWebhook(tenantId, arrivedAt, request.Headers["webhook-id"].ToString(), body.GetProperty("type").GetString()!,
            body.GetProperty("data").Clone()));
        return Results.Ok();
    }

    public IReadOnlyList<ArrivedWebhook> Of(string tenantId) => [.. Arrived.Where(w => w.TenantId == tenantId)];

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
