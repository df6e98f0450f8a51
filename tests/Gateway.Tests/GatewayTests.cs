using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.Tests;

/// <summary>
/// The gateway in this process in front of the webhooks service run as a real process that
/// accepts only calls the gateway signed: an operator issues a partner's key at the gateway, a
/// tenant grants it, the partner's calls for that tenant go through, the same key (or a forged
/// caller header) at the service's own port gets nothing, and a revoked grant or key is refused at once.
/// </summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private const string Name = "gateway_tests";
    private const string SigningKey = "gateway-tests-signing-key-0123456789abcdef";
    private const string OperatorKey = "gateway-tests-operator-key";
    private ServiceProcess? _webhooks;
    private WebApplicationFactory<Program>? _gateway;

    [Fact]
    public async Task A_partner_s_key_reaches_only_the_tenants_that_granted_it_through_the_gateway_only_until_revoked()
    {
        var operatorClient = Gateway(OperatorKey);
        var (key, keyId) = await IssueAsync(operatorClient, "partner-p", Roles.Partner);
        Assert.StartsWith("mk_", key);
        Assert.Equal(ApiKey.HashOf(key), keyId);
        var tenant = Gateway((await IssueAsync(operatorClient, "tenant-g", Roles.Tenant)).Key);
        var partner = Gateway(key);

        // No tenant has granted the partner anything yet.
        var refused = await partner.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = "https://partner.example/hooks", tenantId = "tenant-g" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "must be a tenant your key manages"), (refused.StatusCode, await FirstErrorAsync(refused, "TenantId")));

        var granted = await tenant.PutAsync("/v1/tenants/tenant-g/grants/partner/partner-p", null);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(("tenant-g", "partner", "partner-p", "tenant-g"), Fields(await granted.Content.ReadFromJsonAsync<JsonElement>(), "tenantId", "role", "principalId", "grantedBy"));
        var me = await partner.GetFromJsonAsync<JsonElement>("/v1/me");
        Assert.Equal(["tenant-g"], me.GetProperty("tenants").EnumerateArray().Select(t => t.GetString()));

        var subscribed = await partner.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = "https://partner.example/hooks" });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscriptionId = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscription").GetProperty("id").GetString();
        var subscriptions = await partner.GetFromJsonAsync<JsonElement>("/v1/webhooks/subscriptions");
        Assert.Equal(["tenant-g"], subscriptions.EnumerateArray().Select(s => s.GetProperty("tenantId").GetString()));

        // The service's own port: the key means nothing there, and neither does a caller header without the gateway's signature.
        using var direct = new HttpClient { BaseAddress = _webhooks!.Address };
        Assert.Equal((HttpStatusCode.Unauthorized, "This service is reached through the gateway only."),
            await RefusalAsync(await Send(direct, HttpMethod.Get, "/v1/webhooks/subscriptions", (ApiKeyAuthenticationHandler.HeaderName, key))));
        var (forgedCaller, _) = GatewayCalls.Sign(Encoding.UTF8.GetBytes("not-the-gateway-key-but-32-characters-long"),
            new GatewayCaller("partner-p", Roles.Partner, ["tenant-g"], DateTimeOffset.UtcNow), "GET", "/v1/webhooks/subscriptions");
        Assert.Equal((HttpStatusCode.Unauthorized, "The gateway's signature does not hold for this request."), await RefusalAsync(await Send(direct, HttpMethod.Get,
            "/v1/webhooks/subscriptions", (GatewayCalls.CallerHeader, forgedCaller), (GatewayCalls.SignatureHeader, "forged"))));
        Assert.Equal((HttpStatusCode.Unauthorized, "The X-Gateway-Signature header is missing."),
            await RefusalAsync(await Send(direct, HttpMethod.Get, "/v1/webhooks/subscriptions", (GatewayCalls.CallerHeader, forgedCaller))));

        var listed = await operatorClient.GetStringAsync("/v1/keys?principalId=partner-p");
        Assert.DoesNotContain(key, listed);
        Assert.Equal([(keyId, "partner")], JsonDocument.Parse(listed).RootElement.EnumerateArray()
            .Select(k => (k.GetProperty("id").GetString(), k.GetProperty("role").GetString())));

        // The tenant revokes its grant: the partner's next call no longer reaches its subscription.
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.DeleteAsync("/v1/tenants/tenant-g/grants/partner/partner-p")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).StatusCode);
        Assert.Empty((await partner.GetFromJsonAsync<JsonElement>("/v1/webhooks/subscriptions")).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/v1/webhooks/subscriptions/{subscriptionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/v1/keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.GetAsync("/v1/webhooks/subscriptions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.DeleteAsync($"/v1/keys/{keyId}")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_grants_only_itself_and_only_an_operator_grants_every_tenant()
    {
        var operatorClient = Gateway(OperatorKey);
        var tenant = Gateway((await IssueAsync(operatorClient, "tenant-k", Roles.Tenant)).Key);

        Assert.Equal(HttpStatusCode.NotFound, (await tenant.PutAsync("/v1/tenants/tenant-l/grants/auditor/carol", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.PutAsync("/v1/tenants/*/grants/auditor/carol", null)).StatusCode);
        var badRole = await tenant.PutAsync("/v1/tenants/tenant-k/grants/operator/carol", null);
        Assert.Equal((HttpStatusCode.BadRequest, "must be one of: auditor, partner."), (badRole.StatusCode, await FirstErrorAsync(badRole, "role")));

        Assert.Equal(HttpStatusCode.OK, (await tenant.PutAsync("/v1/tenants/tenant-k/grants/auditor/carol", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PutAsync("/v1/tenants/*/grants/auditor/dave", null)).StatusCode);
        var grants = await tenant.GetFromJsonAsync<JsonElement>("/v1/tenants/tenant-k/grants");
        Assert.Equal([("tenant-k", "auditor", "carol", "tenant-k")], grants.EnumerateArray().Select(g => Fields(g, "tenantId", "role", "principalId", "grantedBy")));

        var dave = Gateway((await IssueAsync(operatorClient, "dave", Roles.Auditor)).Key);
        var everyTenant = await dave.GetFromJsonAsync<JsonElement>("/v1/me");
        Assert.Equal(JsonValueKind.Null, everyTenant.GetProperty("tenants").ValueKind);
    }

    /// <summary>
    /// A grant's tenant and a tenant key's principal follow the one tenant id rule (GpuBilling.Decisions.Ids.Tenant),
    /// which billing accounts always followed: up to 128 characters (grants and keys took 100 before, so
    /// nothing they took is refused for its length), and text no billing account could name is refused
    /// before anything is looked up.
    /// </summary>
    [Fact]
    public async Task A_grant_and_a_tenant_key_name_their_tenant_by_the_billing_accounts_rule()
    {
        var operatorClient = Gateway(OperatorKey);
        var longest = new string('t', 128);
        var (key, _) = await IssueAsync(operatorClient, longest, Roles.Tenant);
        Assert.Equal(longest, (await Gateway(key).GetFromJsonAsync<JsonElement>("/v1/me")).GetProperty("principalId").GetString());
        var refusedKey = await operatorClient.PostAsJsonAsync("/v1/keys", new { principalId = "acme@2026-01-01", role = Roles.Tenant });
        Assert.Equal((HttpStatusCode.BadRequest, $"'PrincipalId' of a tenant key is the tenant's id, which {GpuBilling.Decisions.Ids.Tenant.Words}."),
            (refusedKey.StatusCode, await FirstErrorAsync(refusedKey, "PrincipalId")));
        await IssueAsync(operatorClient, "auditor@example.com", Roles.Auditor);

        var granted = await operatorClient.PutAsync($"/v1/tenants/{longest}/grants/auditor/erin", null);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(longest, (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenantId").GetString());
        foreach (var outside in new[] { longest + "t", "acme@2026-01-01", "-acme" })
        {
            var refused = await operatorClient.PutAsync($"/v1/tenants/{Uri.EscapeDataString(outside)}/grants/auditor/erin", null);
            Assert.Equal((HttpStatusCode.BadRequest, $"'tenantId' {GpuBilling.Decisions.Ids.GrantedTenant.Words}."), (refused.StatusCode, await FirstErrorAsync(refused, "tenantId")));
        }
    }

    [Fact]
    public async Task Only_operators_manage_keys_a_call_without_a_key_is_401_and_a_bad_request_names_its_fields()
    {
        var operatorClient = Gateway(OperatorKey);
        var (tenantKey, _) = await IssueAsync(operatorClient, "tenant-h", Roles.Tenant);

        Assert.Equal(HttpStatusCode.Forbidden, (await Gateway(tenantKey).GetAsync("/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway!.CreateClient().GetAsync("/v1/webhooks/subscriptions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Gateway("mk_unknown").GetAsync("/v1/webhooks/subscriptions")).StatusCode);

        var bad = await operatorClient.PostAsJsonAsync("/v1/keys", new { principalId = "", role = "superuser" });
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (bad.StatusCode, bad.Content.Headers.ContentType?.MediaType));
        Assert.Equal(["PrincipalId", "Role"], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    /// <summary>
    /// A body that names a property twice is refused, naming it, rather than bound to whichever value
    /// comes last (which another reader of the same body, a proxy or a log, may not take); names that
    /// differ only in case are the same property, as binding ignores case.
    /// </summary>
    [Theory]
    [InlineData("role")]
    [InlineData("Role")]
    public async Task A_body_with_a_property_twice_is_a_400_naming_it(string second)
    {
        using var twice = await Gateway(OperatorKey).PostAsync("/v1/keys", new StringContent(
            $$"""{"principalId":"tenant-d","role":"tenant","{{second}}":"operator"}""", Encoding.UTF8, "application/json"));

        var problem = await twice.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.BadRequest, "The request is malformed."), (twice.StatusCode, problem.GetProperty("title").GetString()));
        Assert.Equal([(second, "Duplicate property 'role' encountered during deserialization of type 'Gateway.Keys.CreateKeyRequest'.")],
            problem.GetProperty("errors").EnumerateObject().Select(e => (e.Name, e.Value[0].GetString())));
        Assert.Empty((await Gateway(OperatorKey).GetFromJsonAsync<JsonElement>("/v1/keys?principalId=tenant-d")).EnumerateArray());
    }

    private static async Task<(string Key, string Id)> IssueAsync(HttpClient operatorClient, string principalId, string role)
    {
        var issued = await operatorClient.PostAsJsonAsync("/v1/keys", new { principalId, role });
        Assert.True(issued.StatusCode == HttpStatusCode.Created, $"{(int)issued.StatusCode} {await issued.Content.ReadAsStringAsync()}");
        var created = await issued.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("key").GetString()!, created.GetProperty("details").GetProperty("id").GetString()!);
    }

    private static async Task<(HttpStatusCode, string?)> RefusalAsync(HttpResponseMessage response) =>
        (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

    private static async Task<string?> FirstErrorAsync(HttpResponseMessage response, string field) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString();

    private static (string?, string?, string?, string?) Fields(JsonElement element, string a, string b, string c, string d) =>
        (element.GetProperty(a).GetString(), element.GetProperty(b).GetString(), element.GetProperty(c).GetString(), element.GetProperty(d).GetString());

    private HttpClient Gateway(string key)
    {
        var client = _gateway!.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return client.SendAsync(request);
    }

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(database, Name);
        settings["Access:GatewaySigningKey"] = SigningKey;

        // As a service runs behind the gateway: by default it believes no key, only the gateway's signature.
        var behindGateway = new Dictionary<string, string?>(settings);
        behindGateway.Remove("Access:AcceptApiKeys");
        _webhooks = ServiceProcess.Start("Webhooks", behindGateway);
        await _webhooks.ReadyAsync();

        settings["Access:SeedKeys:0:Key"] = OperatorKey;
        settings["Access:SeedKeys:0:PrincipalId"] = "alice@operations";
        settings["Access:SeedKeys:0:Role"] = Roles.Operator;
        settings["ReverseProxy:Clusters:webhooks:Destinations:local:Address"] = $"http://127.0.0.1:{_webhooks.Port}";
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
        _ = _gateway.Server;
    }

    /// <summary>Also after a failed start: whatever did start is stopped.</summary>
    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_webhooks is not null) await _webhooks.DisposeAsync();
    }
}
