using System.Net.Http.Json;
using System.Text.Json;

namespace GpuBilling.Testing;

/// <summary>
/// The HTTP API of a service run as a process (<see cref="ServiceProcess"/>), called with the
/// fleet's operator key (<see cref="SimulatedFleet.OperatorKey"/>). A call that fails says what the
/// service answered and everything it printed, which is where the reason is.
/// </summary>
public static class ProcessApi
{
    /// <summary>Until the service is listening and ready; fails at once if it exits.</summary>
    public static async Task ReadyAsync(this ServiceProcess service)
    {
        using var http = new HttpClient { BaseAddress = await service.ListeningAsync() };
        await Eventually.AssertAsync(async () =>
        {
            if (service.HasExited) throw new WillNeverHold($"{service.Name} on {http.BaseAddress} exited:\n{service.Output}");
            using var ready = await http.GetAsync("/health/ready");
            if (!ready.IsSuccessStatusCode) throw new InvalidOperationException($"{service.Name} on {http.BaseAddress} is not ready: {ready.StatusCode}");
        }, TimeSpan.FromMinutes(3));
    }

    public static async Task SendAsync(this ServiceProcess service, HttpMethod method, string path, object body)
    {
        using var http = Client(service);
        using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) });
        await EnsureSucceededAsync(response, $"{method} {path}", service);
    }

    /// <summary>Opens or changes a billing account once invoicing has heard of its rate card (<see cref="BillingAccountCalls"/>).</summary>
    public static async Task PutBillingAccountAsync(this ServiceProcess invoicing, string tenant, object account)
    {
        using var http = Client(invoicing);
        using var response = await http.PutWhenCardKnownAsync(tenant, account);
        await EnsureSucceededAsync(response, $"PUT /v1/billing-accounts/{tenant}", invoicing);
    }

    public static async Task<JsonElement> GetAsync(this ServiceProcess service, string path)
    {
        using var http = Client(service);
        using var response = await http.GetAsync(path);
        await EnsureSucceededAsync(response, $"GET {path}", service);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task EnsureSucceededAsync(HttpResponseMessage response, string call, ServiceProcess service)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{call}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{service.Output}");
    }

    /// <summary>Checks every answer against the service's API document (<see cref="ContractCheckingHandler"/>).</summary>
    private static HttpClient Client(ServiceProcess service) =>
        new(new ContractCheckingHandler(Contracts.GetValue(service, s => ContractCheckingHandler.ReadOnce(() => new HttpClient { BaseAddress = s.Address })))
        {
            InnerHandler = new HttpClientHandler(),
        })
        {
            BaseAddress = service.Address,
            DefaultRequestHeaders = { { "X-Api-Key", SimulatedFleet.OperatorKey } },
        };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ServiceProcess, Func<Task<ApiContract>>> Contracts = new();
}
