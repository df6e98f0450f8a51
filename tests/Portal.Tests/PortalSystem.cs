using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Periods;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace Portal.Tests;

/// <summary>
/// The system a tenant's browser reaches, as `make up` runs it: metering, pricing and invoicing
/// behind the gateway, each a real process, and a simulated fleet's seconds metered, rated and on
/// the current invoice of two tenants with billing accounts in different zones. Every figure the
/// tests expect is computed here from these parameters.
/// </summary>
public sealed class PortalSystem : IAsyncLifetime
{
    private const string Name = "portal_tests";
    private const string SigningKey = "portal-tests-signing-key-0123456789abcdef";

    /// <summary>An operator's key of the fixture's own waits alone, which poll far faster than the small buckets the tests measure refill.</summary>
    private const string PollerKey = "portal-tests-poller";
    public const string Tenant = "tenant-a";
    public const string OtherTenant = "tenant-b";
    public const string Zone = "Asia/Kolkata";
    public const string OtherZone = "America/New_York";
    public const int Seconds = 20;
    public const int PermitsPerMinute = 60;
    /// <summary>Above what the page's own tests spend of the tenant's key, now that its sessions spend the key's bucket.</summary>
    public const int Burst = 200;

    /// <summary>GPUs that read 0 % all run (the simulator's `IdleGpus`): two of the tenant's and one of the other's.</summary>
    public static readonly string[] IdleGpus = [GpuUuid(0, 2), GpuUuid(1, 3), GpuUuid(0, 5)];

    /// <summary>What each credit note gives back, by invoice line number, in the order they are issued: two for the tenant, one for the other.</summary>
    public static readonly (string Tenant, int Line, decimal Amount)[] CreditNotes = [(Tenant, 1, 0.10m), (Tenant, 2, 0.05m), (OtherTenant, 1, 0.10m)];

    /// <summary>The events each tenant's webhook subscription asks for: the fixture's finalizing and crediting make one of each.</summary>
    public static readonly string[] WebhookEvents = ["invoice.finalized", "credit_note.issued"];

    /// <summary>Price per GPU-hour by model, on-demand, as the rate card publishes them.</summary>
    public static readonly Dictionary<string, decimal> Prices = new() { [H100] = 36.00m, [A100] = 9.90m };

    public static string TenantKey => ApiKeyOf(Tenant);
    public static string OtherTenantKey => ApiKeyOf(OtherTenant);

    private readonly List<ServiceProcess> _services = [];

    public SimulatedFleet Fleet { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;
    public Uri Address => Gateway.Address;

    /// <summary>The other tenant's current invoice, which exists (an operator reads it) and which the tenant must not reach.</summary>
    public string OtherInvoiceId { get; private set; } = "";

    /// <summary>The other tenant's credit note and webhook subscription, which the tenant must not reach either.</summary>
    public string OtherCreditNote { get; private set; } = "";
    public string OtherSubscriptionId { get; private set; } = "";

    private WebhookInbox _inbox = null!;

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task InitializeAsync()
    {
        Fleet = await CreateAsync(TestServers.Shared, Name, DateTimeOffset.UtcNow, nodes: 2, Seconds,
            new Allocation(Tenant, 0, [0, 1, 2]),
            new Allocation(Tenant, 1, [0, 1, 2, 3]),
            new Allocation(OtherTenant, 0, [4, 5]));
        var settings = TestServers.ServiceSettings(Fleet.Database, Name);
        settings["Access:GatewaySigningKey"] = SigningKey;

        // Pricing's clock runs a minute behind, so the card published below for the fleet's first
        // second is accepted however slowly it is published on a busy machine.
        var clusters = new Dictionary<string, (string Cluster, string? ClockOffset)>
        {
            ["Metering"] = ("metering", null),
            ["Pricing"] = ("pricing", "-00:01:00"),
            ["Invoicing"] = ("invoicing", null),
            ["Fleet"] = ("fleet", null),
            ["Webhooks"] = ("webhooks", null),
        };
        var gatewaySettings = new Dictionary<string, string?>(settings)
        {
            ["Access:SeedKeys:0:Key"] = OperatorKey,
            ["Access:SeedKeys:0:PrincipalId"] = "portal-operator",
            ["Access:SeedKeys:0:Role"] = "operator",
            ["Access:SeedKeys:1:Key"] = TenantKey,
            ["Access:SeedKeys:1:PrincipalId"] = Tenant,
            ["Access:SeedKeys:1:Role"] = "tenant",
            ["Access:SeedKeys:2:Key"] = OtherTenantKey,
            ["Access:SeedKeys:2:PrincipalId"] = OtherTenant,
            ["Access:SeedKeys:2:Role"] = "tenant",
            ["Access:SeedKeys:3:Key"] = PollerKey,
            ["Access:SeedKeys:3:PrincipalId"] = "portal-poller",
            ["Access:SeedKeys:3:Role"] = "operator",
            // A bucket that refills once a second, so a burst of calls meets its end however slow the machine.
            ["RateLimiting:PermitsPerMinute"] = $"{PermitsPerMinute}",
            ["RateLimiting:Burst"] = $"{Burst}",
        };
        foreach (var (project, (cluster, offset)) in clusters)
        {
            var service = ServiceProcess.Start(project, new Dictionary<string, string?>(settings)
            {
                ["Clock:Offset"] = offset,
                // The partner's receiver is on loopback; deliveries are polled often, so the fixture waits on them briefly.
                ["Webhooks:AllowPrivateNetworks"] = "true",
                ["Webhooks:PollInterval"] = "00:00:00.050",
            });
            _services.Add(service);
            await service.ReadyAsync();
            gatewaySettings[$"ReverseProxy:Clusters:{cluster}:Destinations:local:Address"] = $"http://127.0.0.1:{service.Port}";
        }
        Gateway = ServiceProcess.Start("Gateway", gatewaySettings);
        _services.Add(Gateway);
        await Gateway.ReadyAsync();

        Fleet.StartSecondsAt(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeSeconds()));
        using var operatorApi = Client(OperatorKey);
        await SendAsync(operatorApi, HttpMethod.Post, "/v1/rate-cards/portal-standard/versions", RateCardRequest(Fleet.StartAt));
        foreach (var (tenant, zone) in new[] { (Tenant, Zone), (OtherTenant, OtherZone) })
        {
            using var account = await operatorApi.PutWhenCardKnownAsync(tenant, AccountRequest(tenant, zone));
            Assert.True(account.IsSuccessStatusCode, $"PUT /v1/billing-accounts/{tenant}: {account.StatusCode} {await account.Content.ReadAsStringAsync()}");
        }

        _inbox = await WebhookInbox.StartAsync();
        var subscriptions = new Dictionary<string, string>();
        foreach (var tenant in new[] { Tenant, OtherTenant })
        {
            using var tenantApi = Client(ApiKeyOf(tenant));
            using var created = await tenantApi.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = _inbox.UrlFor(tenant), eventTypes = WebhookEvents });
            Assert.True(created.IsSuccessStatusCode, $"POST /v1/webhooks/subscriptions: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            subscriptions[tenant] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscription").GetProperty("id").GetString()!;
        }
        OtherSubscriptionId = subscriptions[OtherTenant];

        var idle = IdleGpus.Select((gpu, i) => KeyValuePair.Create($"Simulation:IdleGpus:{i}", (string?)gpu));
        await using (var agent = Fleet.StartAgent(settings: new Dictionary<string, string?>(idle)))
            Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The agent failed:\n{agent.Output}");

        // Until every second is metered, rated and on the draft: the invoice's GPU-hours are the fleet's.
        using var poller = Client(PollerKey);
        var invoiceId = $"{Tenant}@{PeriodOf(Zone).LocalStart:yyyy-MM-dd}";
        var expectedHours = ExpectedGpuHoursByModel();
        await Eventually.AssertAsync(async () =>
        {
            var invoice = await poller.GetFromJsonAsync<JsonElement>($"/v1/invoices/{Uri.EscapeDataString(invoiceId)}");
            var lines = invoice.GetProperty("lines").EnumerateArray()
                .Select(l => (Model: l.GetProperty("priceKey").GetString()!.Split('/')[0], Hours: l.GetProperty("quantity").GetDecimalText()))
                .OrderBy(l => l.Model, StringComparer.Ordinal).ToList();
            Assert.Equal(expectedHours.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)).ToList(), lines);
        }, TimeSpan.FromMinutes(3));

        OtherInvoiceId = $"{OtherTenant}@{PeriodOf(OtherZone).LocalStart:yyyy-MM-dd}";
        Assert.Equal(OtherTenant, (await operatorApi.GetFromJsonAsync<JsonElement>($"/v1/invoices/{Uri.EscapeDataString(OtherInvoiceId)}")).GetProperty("tenantId").GetString());

        // Credit notes correct finalized invoices only: both are finalized early, then credited.
        var invoices = new Dictionary<string, string> { [Tenant] = invoiceId, [OtherTenant] = OtherInvoiceId };
        foreach (var id in invoices.Values) await SendAsync(operatorApi, HttpMethod.Post, $"/v1/invoices/{Uri.EscapeDataString(id)}/finalize", new { });
        foreach (var (tenant, line, amount) in CreditNotes)
        {
            using var issued = await operatorApi.PostAsJsonAsync($"/v1/invoices/{Uri.EscapeDataString(invoices[tenant])}/credit-notes",
                new { lines = new[] { new { lineNumber = line, amount } }, reason = $"Portal test: line {line} of {tenant}" });
            Assert.True(issued.IsSuccessStatusCode, $"credit note for {tenant}: {issued.StatusCode} {await issued.Content.ReadAsStringAsync()}");
            if (tenant == OtherTenant) OtherCreditNote = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creditNoteNumber").GetString()!;
        }

        // Until each tenant's events are delivered (one finalized invoice and its credit notes) and the idle GPUs are on the fleet's report.
        await Eventually.AssertAsync(async () =>
        {
            foreach (var (tenant, subscription) in subscriptions)
            {
                var deliveries = await poller.GetFromJsonAsync<JsonElement>($"/v1/webhooks/subscriptions/{subscription}/deliveries");
                Assert.Equal(1 + CreditNotes.Count(c => c.Tenant == tenant), deliveries.EnumerateArray().Count(d => d.GetProperty("state").GetString() == "Delivered"));
            }
            foreach (var tenant in new[] { Tenant, OtherTenant })
            {
                var report = await poller.GetFromJsonAsync<JsonElement>($"/v1/fleet/tenants/{tenant}/idle-gpus?{IdleQuery}");
                var rows = report.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("gpuUuid").GetString()!, g => g.GetProperty("allocatedIdleGpuSeconds").GetInt64());
                Assert.All(IdleGpusOf(tenant), gpu => Assert.Equal((gpu, (long)Seconds), (gpu, rows.GetValueOrDefault(gpu))));
            }
        }, TimeSpan.FromMinutes(2));
    }

    /// <summary>The fleet's run, whole: the idle GPUs' report is asked for over it.</summary>
    private string IdleQuery => $"from={Uri.EscapeDataString(Fleet.StartAt.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(Fleet.StartAt.AddHours(1).ToString("O"))}";

    /// <summary>A tenant's GPUs that read 0 % while it held them.</summary>
    public IEnumerable<string> IdleGpusOf(string tenant) =>
        Fleet.Allocations.Where(a => a.Tenant == tenant).SelectMany(a => a.Gpus.Select(g => GpuUuid(a.Node, g))).Intersect(IdleGpus);

    /// <summary>The tenant's GPU-seconds by model: every allocated second, by the model of its node.</summary>
    public Dictionary<string, long> ExpectedGpuSecondsByModel() =>
        Fleet.Allocations.Where(a => a.Tenant == Tenant)
            .GroupBy(a => ModelOf(a.Node))
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Gpus.Length) * (long)Seconds);

    /// <summary>As an invoice line's quantity: the seconds in hours, unrounded.</summary>
    public Dictionary<string, decimal> ExpectedGpuHoursByModel() => ExpectedGpuSecondsByModel().ToDictionary(e => e.Key, e => e.Value / 3600m);

    public BillingPeriod PeriodOf(string zone) =>
        BillingPeriod.Containing(Fleet.StartAt, TimeZoneInfo.FindSystemTimeZoneById(zone), AnchorDay(zone));

    /// <summary>Monthly periods from the local day ten minutes ago: the period holds the run.</summary>
    private int AnchorDay(string zone) => TimeZoneInfo.ConvertTime(Fleet.StartAt.AddMinutes(-10), TimeZoneInfo.FindSystemTimeZoneById(zone)).Day;

    private static async Task SendAsync(HttpClient api, HttpMethod method, string path, object body)
    {
        using var response = await api.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) });
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static object RateCardRequest(DateTimeOffset effectiveFrom) => new
    {
        currency = "USD",
        effectiveFrom,
        terms = new
        {
            rates = Prices.Select(p => new
            {
                key = new { gpuModel = p.Key, migProfile = (string?)null, allocationClass = "on-demand" },
                model = "per-unit",
                pricePerGpuHour = p.Value,
                tiers = Array.Empty<object>(),
            }),
        },
    };

    private object AccountRequest(string tenant, string zone) => new
    {
        tenantId = tenant,
        currencyCode = "USD",
        timeZoneId = zone,
        anchorDay = AnchorDay(zone),
        gracePeriod = "00:00:00",
        paymentTermsDays = 30,
        taxRate = 0.18m,
        issuerId = "gpucloud-portal",
        issuer = new { name = "GPU Cloud Inc.", address = new { lines = new[] { "1 Compute Way" }, city = "Ashburn", postalCode = "20147", region = "VA", countryCode = "US" }, taxId = "US-12-3456789" },
        customer = new { name = $"{tenant} Ltd", address = new { lines = new[] { "5 Model Street" }, city = "Pune", postalCode = "411001", region = "MH", countryCode = "IN" }, taxId = (string?)null },
        rateCardId = "portal-standard",
    };

    public async Task DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services)) await service.DisposeAsync();
        if (_inbox is not null) await _inbox.DisposeAsync();
    }
}
