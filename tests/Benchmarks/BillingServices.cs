using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Testing;
using Marten;
using Pricing;
using Pricing.Accrual;

namespace Metering.Benchmarks;

/// <summary>
/// Pricing and invoicing as the phases that bill run them: real processes (Release) on a phase's
/// virtual host and database, an operator key seeded in each, a per-unit rate card published through
/// pricing's API and tenants' accounts opened through invoicing's, as an operator would.
/// </summary>
public static class BillingServices
{
    public const string OperatorKey = "bench-operator-key";

    /// <summary>The models the simulator assigns (on alternate nodes), both on demand.</summary>
    public static readonly string[] SimulatedModels = ["NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB"];

    /// <summary>Starts pricing or invoicing and returns once it answers and consumes each of <paramref name="queues"/>.</summary>
    /// <param name="clockOffset">The service's `Clock:Offset`, where a phase needs its clock behind.</param>
    public static Task<ServiceProcess> StartAsync(
        string service, string virtualHost, string connectionString, string logFile, TimeSpan? clockOffset, params string[] queues)
    {
        var environment = Broker.ServiceSettings(virtualHost);
        environment["ConnectionStrings:Postgres"] = connectionString;
        environment["Access:SeedKeys:0:Key"] = OperatorKey;
        environment["Access:SeedKeys:0:PrincipalId"] = "bench-operator";
        environment["Access:SeedKeys:0:Role"] = "operator";
        Fleet.AskBackToBack(environment);
        if (clockOffset is { } offset) environment["Clock:Offset"] = offset.ToString("c", CultureInfo.InvariantCulture);
        return Fleet.StartServiceAsync(service, environment, logFile, virtualHost, queues);
    }

    public static HttpClient OperatorClient(Uri service) => new()
    {
        BaseAddress = service,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { { "X-Api-Key", OperatorKey } },
    };

    /// <summary>One per-unit card, 3.60 per GPU-hour for each simulated model, in force from <paramref name="effectiveFrom"/>.</summary>
    public static async Task PublishCardAsync(Uri pricing, string card, DateTimeOffset effectiveFrom)
    {
        using var client = OperatorClient(pricing);
        await SucceedAsync(client.PostAsJsonAsync($"/v1/rate-cards/{card}/versions", new
        {
            currency = "USD",
            effectiveFrom,
            terms = new
            {
                rates = SimulatedModels.Select(model => new
                {
                    key = new { gpuModel = model, migProfile = (string?)null, allocationClass = "on-demand" },
                    model = "per-unit",
                    pricePerGpuHour = 3.60m,
                    tiers = Array.Empty<object>(),
                }),
            },
        }, JsonSerializerOptions.Web), "publishing the rate card");
    }

    /// <summary>
    /// Opens <paramref name="tenant"/>'s account on <paramref name="card"/> (UTC, billed monthly from
    /// ten minutes ago's day, no grace) and tops it up with <paramref name="credits"/>, so its
    /// standing stays `ok` and every review is the ordinary one.
    /// </summary>
    public static async Task OpenPrepaidAccountAsync(HttpClient invoicing, string tenant, string card, string issuerId, decimal credits)
    {
        await SucceedAsync(invoicing.PutWhenCardKnownAsync(tenant, new
        {
            tenantId = tenant,
            currencyCode = "USD",
            timeZoneId = "UTC",
            anchorDay = DateTimeOffset.UtcNow.AddMinutes(-10).Day,
            gracePeriod = "00:00:00",
            paymentTermsDays = 30,
            taxRate = 0.08m,
            issuerId,
            issuer = new { name = "GPU Cloud Inc.", address = new { lines = new[] { "1 Compute Way" }, city = "Ashburn", postalCode = "20147", region = "VA", countryCode = "US" }, taxId = "US-12-3456789" },
            customer = new { name = $"{tenant} LLC", address = new { lines = new[] { "5 Model Street" }, city = "New York", postalCode = "10001", region = "NY", countryCode = "US" }, taxId = (string?)null },
            rateCardId = card,
        }), $"opening {tenant}'s account");
        await SucceedAsync(invoicing.PostAsJsonAsync($"/v1/credits/{tenant}/top-ups",
            new { amount = credits.ToString("F2", CultureInfo.InvariantCulture), receipt = $"R-{tenant}" }, JsonSerializerOptions.Web), $"topping up {tenant}");
    }

    /// <summary>Returns once pricing keeps the terms of <paramref name="tenants"/> tenants (it hears of them from invoicing).</summary>
    public static Task PricingKnowsTermsAsync(string connectionString, int tenants) =>
        Wait.UntilAsync(async () => await Database.ScalarAsync<long>(connectionString, $"select count(*) from {PricingStorage.Name}.mt_doc_tenantterms") == tenants,
            TimeSpan.FromMinutes(2), "pricing to know every tenant's terms");

    /// <summary>
    /// The metered GPU-seconds pricing accrued into <paramref name="tenant"/>'s periods, read through
    /// pricing's own configuration and type, and how many ledger events it parked unbilled.
    /// </summary>
    public static async Task<(long Accrued, int Parked)> AccruedAsync(string connectionString, string tenant)
    {
        using var store = DocumentStore.For(options =>
        {
            PricingStorage.Configure(options);
            options.Connection(connectionString);
        });
        await using var session = store.QuerySession();
        var periods = await session.Query<PeriodUsage>().Where(p => p.TenantId == tenant).ToListAsync();
        return (periods.Sum(p => p.MeteredGpuSeconds), await session.Query<UnbilledUsage>().CountAsync());
    }

    public static async Task SucceedAsync(Task<HttpResponseMessage> call, string what)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new BenchmarkFailed($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
