using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpuBilling.Testing;

/// <summary>One webhook as a partner received it: when it arrived (this machine's clock) and its body's type and data.</summary>
public sealed record ArrivedWebhook(string TenantId, DateTimeOffset ArrivedAt, string Id, string Type, JsonElement Data);

/// <summary>
/// A partner's endpoint on a free loopback port, one URL per tenant subscribed, that answers 200
/// and keeps what arrived and when. Signatures are the webhooks service's own tests' concern; here only what was said, and when.
/// </summary>
public sealed class WebhookInbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookInbox(WebApplication app) => _app = app;

    public ConcurrentQueue<ArrivedWebhook> Arrived { get; } = new();

    public Uri UrlFor(string tenantId) =>
        new($"{_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/hooks/{tenantId}");

    public static async Task<WebhookInbox> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var inbox = new WebhookInbox(builder.Build());
        inbox._app.MapPost("/hooks/{tenantId}", inbox.ReceiveAsync);
        await inbox._app.StartAsync();
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
