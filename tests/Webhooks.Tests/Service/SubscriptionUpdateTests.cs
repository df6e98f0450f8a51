using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Metering.Contracts;

namespace Webhooks.Tests.Service;

public sealed class SubscriptionUpdateService() : WebhooksService("webhooks_update_tests");

public class SubscriptionUpdateTests(SubscriptionUpdateService service) : IClassFixture<SubscriptionUpdateService>
{
    private static string NewTenant() => $"tenant-{Guid.NewGuid():N}"[..20];

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string subscriptionId, string json) =>
        client.PatchAsync($"/v1/webhooks/subscriptions/{subscriptionId}", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, Uri url, params string[] eventTypes)
    {
        var created = await client.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = url.ToString(), eventTypes });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        return (body.GetProperty("subscription").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private static async Task<IReadOnlyList<Guid>> DeliveredEventsAsync(HttpClient client, string subscriptionId) =>
    [
        .. (await (await client.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}/deliveries")).ReadJsonAsync()).EnumerateArray()
            .Where(d => d.GetProperty("state").GetString() == "Delivered")
            .Select(d => d.GetProperty("eventId").GetGuid())
            .Order(),
    ];

    private static string TypeOf(Received request)
    {
        using var payload = JsonDocument.Parse(request.Body);
        return payload.RootElement.GetProperty("type").GetString()!;
    }

    [Fact]
    public async Task A_changed_url_and_event_types_apply_to_the_next_events_and_the_secret_and_deliveries_stay()
    {
        await using var before = await Receiver.StartAsync();
        await using var after = await Receiver.StartAsync();
        await using var everything = await Receiver.StartAsync();
        var tenant = NewTenant();
        var client = await service.ClientForAsync("partner@integrations", Roles.Partner, tenant);
        var (subscriptionId, secret) = await SubscribeAsync(client, before.Url, PartnerEventTypes.InvoiceFinalized);
        // A second subscription of every type: once it has an event, the first subscription has been offered it too.
        var (witnessId, _) = await SubscribeAsync(client, everything.Url);
        before.Secrets.Add(secret);
        after.Secrets.Add(secret);

        var finalizedBefore = WebhooksService.Notice(tenant);
        await service.Invoicing.Publish(finalizedBefore);
        await Eventually.AssertAsync(async () => Assert.Equal([finalizedBefore.EventId], await DeliveredEventsAsync(client, subscriptionId)));

        var patched = await PatchAsync(client, subscriptionId, $$"""{"url":"{{after.Url}}","eventTypes":["invoice.voided"]}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var view = await patched.ReadJsonAsync();
        Assert.Equal(
            (subscriptionId, tenant, after.Url.ToString(), true, JsonValueKind.Null),
            (view.GetProperty("id").GetString(), view.GetProperty("tenantId").GetString(), view.GetProperty("url").GetString(),
                view.GetProperty("enabled").GetBoolean(), view.GetProperty("previousSecretExpiresAt").ValueKind));
        Assert.Equal(["invoice.voided"], view.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));

        var finalizedAfter = WebhooksService.Notice(tenant);
        var voided = WebhooksService.Notice(tenant) with { Type = PartnerEventTypes.InvoiceVoided };
        await service.Invoicing.Publish(finalizedAfter);
        await service.Invoicing.Publish(voided);
        await Eventually.AssertAsync(async () => Assert.Equal(
            new[] { finalizedBefore.EventId, finalizedAfter.EventId, voided.EventId }.Order(), await DeliveredEventsAsync(client, witnessId)));
        await Eventually.AssertAsync(async () => Assert.Equal(
            new[] { finalizedBefore.EventId, voided.EventId }.Order(), await DeliveredEventsAsync(client, subscriptionId)));

        Assert.Equal([(PartnerEventTypes.InvoiceFinalized, 200)], before.Requests.Select(r => (TypeOf(r), r.AnsweredWith)));
        var moved = Assert.Single(after.Requests);
        Assert.Equal((PartnerEventTypes.InvoiceVoided, 200), (TypeOf(moved), moved.AnsweredWith));
        Assert.Equal([secret], moved.VerifiedWith);
    }

    [Fact]
    public async Task A_field_left_out_stays_and_empty_event_types_mean_every_type_as_on_creation()
    {
        await using var receiver = await Receiver.StartAsync();
        var client = await service.ClientForAsync("alice@ops", Roles.Operator);
        var tenant = NewTenant();
        var created = await client.PostAsJsonAsync("/v1/webhooks/subscriptions",
            new { url = receiver.Url.ToString(), eventTypes = new[] { PartnerEventTypes.CreditNoteIssued }, tenantId = tenant });
        var subscriptionId = (await created.ReadJsonAsync()).GetProperty("subscription").GetProperty("id").GetString()!;

        // The tenant is not the request's to change: a field of that name is not read.
        var patched = await PatchAsync(client, subscriptionId, $$"""{"eventTypes":[],"tenantId":"{{NewTenant()}}"}""");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var view = await (await client.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).ReadJsonAsync();
        Assert.Equal((tenant, receiver.Url.ToString()), (view.GetProperty("tenantId").GetString(), view.GetProperty("url").GetString()));
        Assert.Equal(PartnerEventTypes.All, view.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_bad_change_is_refused_naming_each_field_and_another_tenants_subscription_is_not_found_and_nothing_changes()
    {
        await using var receiver = await Receiver.StartAsync();
        var owner = await service.ClientForAsync(NewTenant());
        var other = await service.ClientForAsync("partner@elsewhere", Roles.Partner, NewTenant());
        var (subscriptionId, _) = await SubscribeAsync(owner, receiver.Url, PartnerEventTypes.InvoiceFinalized);
        async Task<string> StateAsync() => await owner.GetStringAsync($"/v1/webhooks/subscriptions/{subscriptionId}");
        var state = await StateAsync();

        var refused = await PatchAsync(owner, subscriptionId, """{"url":"ftp://hooks.example.com/in","eventTypes":["invoice.finalized","invoice.paid"]}""");
        var empty = await PatchAsync(owner, subscriptionId, """{"url":""}""");
        var elsewhere = await PatchAsync(other, subscriptionId, """{"url":"https://hooks.example.com/stolen"}""");
        var unknown = await PatchAsync(owner, $"whsub_{new string('0', 32)}", """{"url":"https://hooks.example.com/in"}""");
        var malformed = await PatchAsync(owner, "whsub_unknown", """{"url":"https://hooks.example.com/in"}""");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (refused.StatusCode, refused.Content.Headers.ContentType?.MediaType));
        Assert.Equal(
            [
                $"EventTypes[1]: 'invoice.paid' is not an event type; known: {string.Join(", ", PartnerEventTypes.All)}",
                "Url: must be an absolute http or https URL without user information",
            ],
            (await refused.ReadJsonAsync()).GetProperty("errors").EnumerateObject()
                .SelectMany(e => e.Value.EnumerateArray().Select(p => $"{e.Name}: {p.GetString()}")).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(["is required"], (await empty.ReadJsonAsync()).GetProperty("errors").GetProperty("Url").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (elsewhere.StatusCode, elsewhere.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal([$"'id' {GpuBilling.Decisions.Ids.WebhookSubscription.Words}."], (await malformed.ReadJsonAsync()).GetProperty("errors").GetProperty("id").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(state, await StateAsync());
    }
}
