using GpuBilling.Access;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GpuBilling.Testing;

/// <summary>Keys stored straight into a service's own schema, for tests that call that service alone (`Access:AcceptApiKeys`).</summary>
public static class TestKeys
{
    /// <summary>One contract per service under test, read on its first checked answer.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IServiceProvider, Func<Task<ApiContract>>> Contracts = new();

    /// <summary>
    /// A client of the service that authenticates as a new key of <paramref name="role"/> for
    /// <paramref name="principalId"/>, its principal granted <paramref name="grantedTenants"/> as a
    /// tenant grants an auditor or a partner at the gateway. Every answer it receives is checked
    /// against the service's own API document (<see cref="ContractCheckingHandler"/>).
    /// </summary>
    /// <param name="createClient">A client through the handlers given (`WebApplicationFactory.CreateDefaultClient`).</param>
    public static async Task<HttpClient> ClientForAsync(
        IServiceProvider service, Func<DelegatingHandler[], HttpClient> createClient, string principalId, string role, params string[] grantedTenants)
    {
        var key = $"test-key-{Guid.NewGuid():N}";
        await using (var session = service.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var now = DateTimeOffset.UtcNow;
            session.Store(ApiKey.For(key, principalId, role, now));
            foreach (var tenant in grantedTenants) session.Store(AccessGrant.Of(tenant, role, principalId, "test", now));
            await session.SaveChangesAsync();
        }
        var contract = Contracts.GetValue(service, _ => ContractCheckingHandler.ReadOnce(() => createClient([])));
        var client = createClient([new ContractCheckingHandler(contract)]);
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }
}
