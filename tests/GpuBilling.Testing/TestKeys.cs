using GpuBilling.Access;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace GpuBilling.Testing;

/// <summary>Keys stored straight into a service's own schema, for tests that call that service alone (`Access:AcceptApiKeys`).</summary>
public static class TestKeys
{
    /// <summary>
    /// A client of the service that authenticates as a new key of <paramref name="role"/> for
    /// <paramref name="principalId"/>, its principal granted <paramref name="grantedTenants"/> as a
    /// tenant grants an auditor or a partner at the gateway.
    /// </summary>
    public static async Task<HttpClient> ClientForAsync(
        IServiceProvider service, Func<HttpClient> createClient, string principalId, string role, params string[] grantedTenants)
    {
        var key = $"test-key-{Guid.NewGuid():N}";
        await using (var session = service.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var now = DateTimeOffset.UtcNow;
            session.Store(ApiKey.For(key, principalId, role, now));
            foreach (var tenant in grantedTenants) session.Store(AccessGrant.Of(tenant, role, principalId, "test", now));
            await session.SaveChangesAsync();
        }
        var client = createClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }
}
