using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GpuBilling.Testing;

/// <summary>
/// Opening a billing account right after publishing its rate card: pricing announces a card a
/// moment after it is published, and until invoicing has heard of it, it refuses an account that
/// names it as one it does not know yet. That refusal, and only it, is waited out.
/// </summary>
public static class BillingAccountCalls
{
    public static async Task<HttpResponseMessage> PutWhenCardKnownAsync(this HttpClient invoicing, string tenant, object account, JsonSerializerOptions? json = null)
    {
        HttpResponseMessage? answer = null;
        await Eventually.AssertAsync(async () =>
        {
            answer = await invoicing.PutAsJsonAsync($"/v1/billing-accounts/{tenant}", account, json ?? JsonSerializerOptions.Web);
            if (answer.StatusCode == HttpStatusCode.UnprocessableEntity && (await answer.Content.ReadAsStringAsync()).Contains("does not know yet", StringComparison.Ordinal))
                throw new InvalidOperationException($"Invoicing has not heard of the rate card of '{tenant}' yet.");
        });
        return answer!;
    }
}
