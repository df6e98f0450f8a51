using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;

namespace Webhooks.Tests.Service;

public class DeliveryTests(WebhooksService service) : IClassFixture<WebhooksService>
{
    private static string NewTenant() => $"tenant-{Guid.NewGuid():N}"[..20];

    private static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, Uri url)
    {
        var created = await client.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = url.ToString(), eventTypes = new[] { "invoice.finalized" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        return (body.GetProperty("subscription").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private static async Task<JsonElement> DeliveriesAsync(HttpClient client, string subscriptionId)
    {
        var response = await client.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}/deliveries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_under_one_webhook_id_until_it_answers_2xx_and_every_attempt_is_logged()
    {
        await using var receiver = await Receiver.StartAsync(500, 500);
        var tenant = NewTenant();
        var client = await service.ClientForAsync(tenant);
        var (subscriptionId, secret) = await SubscribeAsync(client, receiver.Url);
        receiver.Secrets.Add(secret);
        var notice = WebhooksService.Notice(tenant);

        await service.Invoicing.Publish(notice);
        // Published twice, as invoicing's subscription may after a crash: still one message.
        await service.Invoicing.Publish(notice);

        await Eventually.AssertAsync(async () =>
        {
            var delivery = Assert.Single((await DeliveriesAsync(client, subscriptionId)).EnumerateArray());
            Assert.Equal("Delivered", delivery.GetProperty("state").GetString());
        });
        var requests = receiver.Requests.ToList();
        Assert.Equal([500, 500, 200], requests.Select(r => r.AnsweredWith));
        Assert.Single(requests.Select(r => r.Id).Distinct());
        Assert.All(requests, r => Assert.Equal([secret], r.VerifiedWith));
        using var payload = JsonDocument.Parse(requests[0].Body);
        Assert.Equal("invoice.finalized", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal("1190.12", payload.RootElement.GetProperty("data").GetProperty("total").GetString());

        var logged = Assert.Single((await DeliveriesAsync(client, subscriptionId)).EnumerateArray());
        Assert.Equal(requests[0].Id, logged.GetProperty("id").GetString());
        var attempts = logged.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.GetProperty("status").GetInt32()));
        Assert.All(attempts, a => Assert.True(a.GetProperty("latencyMs").GetInt64() >= 0));
        Assert.Equal(["answered 500", "answered 500", "answered 200"], attempts.Select(a => a.GetProperty("responseExcerpt").GetString()));
    }

    [Fact]
    public async Task A_410_disables_the_subscription_and_the_partner_can_read_why()
    {
        await using var receiver = await Receiver.StartAsync(410);
        var tenant = NewTenant();
        var client = await service.ClientForAsync("partner@integrations", Roles.Partner, tenant);
        var (subscriptionId, secret) = await SubscribeAsync(client, receiver.Url);
        receiver.Secrets.Add(secret);

        await service.Invoicing.Publish(WebhooksService.Notice(tenant));

        await Eventually.AssertAsync(async () =>
        {
            var subscription = await (await client.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).ReadJsonAsync();
            Assert.False(subscription.GetProperty("enabled").GetBoolean());
            Assert.Contains("410 Gone", subscription.GetProperty("disabledReason").GetString());
        });
        var delivery = Assert.Single((await DeliveriesAsync(client, subscriptionId)).EnumerateArray());
        Assert.Equal("Failed", delivery.GetProperty("state").GetString());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_and_each_verifies()
    {
        await using var receiver = await Receiver.StartAsync();
        var tenant = NewTenant();
        var client = await service.ClientForAsync(tenant);
        var (subscriptionId, oldSecret) = await SubscribeAsync(client, receiver.Url);
        var rotated = await client.PostAsync($"/v1/webhooks/subscriptions/{subscriptionId}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.ReadJsonAsync()).GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        receiver.Secrets.Add(oldSecret);
        receiver.Secrets.Add(newSecret);

        await service.Invoicing.Publish(WebhooksService.Notice(tenant));

        await Eventually.AssertAsync(() => Task.FromResult(Assert.Single(receiver.Requests)));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(2, request.Signature.Split(' ').Length);
        Assert.Equal(new[] { newSecret, oldSecret }.Order(), request.VerifiedWith.Order());
    }

    [Fact]
    public async Task A_tenant_cannot_see_or_touch_another_tenants_subscription()
    {
        await using var receiver = await Receiver.StartAsync();
        var owner = await service.ClientForAsync(NewTenant());
        var other = await service.ClientForAsync(NewTenant());
        var (subscriptionId, _) = await SubscribeAsync(owner, receiver.Url);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/v1/webhooks/subscriptions/{subscriptionId}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).StatusCode);
        Assert.Empty((await (await other.GetAsync("/v1/webhooks/subscriptions")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).StatusCode);
    }

    [Fact]
    public async Task A_url_that_is_not_absolute_http_is_refused_naming_the_field()
    {
        var client = await service.ClientForAsync(NewTenant());
        var response = await client.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = "ftp://example.com/hook" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("Url", out _));
    }
}
