using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpuBilling.Access;

namespace Gateway.Tests.Callers;

/// <summary>
/// A 401 says what is wrong, in problem details with a `WWW-Authenticate` challenge naming the
/// header: the header is missing, or the key is unknown or revoked, one answer for both, so a
/// guesser cannot tell a key that once existed from one that never did.
/// </summary>
public sealed class UnauthorizedAnswerTests : IAsyncLifetime
{
    private const string Challenge = "ApiKey header=\"X-Api-Key\"";
    private const string UnknownOrRevoked = "The key in the X-Api-Key header is not one this API knows: it was never issued, or it has been revoked.";
    private readonly LoneGateway _gateway = new("unauthorized_answers", new Dictionary<string, string>());

    [Fact]
    public async Task No_key_says_the_header_is_missing()
    {
        var missing = new Answer(401, "The X-Api-Key header is missing.", "Send your API key in the X-Api-Key header.", Challenge, null);

        Assert.Equal(missing, await _gateway.GetAsync("192.0.2.1"));
        Assert.Equal(missing, await _gateway.GetAsync("192.0.2.1", key: ""));
        Assert.Equal(missing, await _gateway.CallAsync("192.0.2.1", "DELETE", "/v1/webhooks/subscriptions/x"));
    }

    [Fact]
    public async Task An_unknown_key_and_a_revoked_one_get_the_same_answer()
    {
        var refused = new Answer(401, "The API key is unknown or revoked.", UnknownOrRevoked, Challenge + ", error=\"invalid_key\"", null);
        using var operatorClient = _gateway.Client(LoneGateway.OperatorKey);
        var issued = await (await operatorClient.PostAsJsonAsync("/v1/keys", new { principalId = "tenant-r", role = Roles.Tenant })).Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("key").GetString()!;
        Assert.Equal(200, (await _gateway.GetAsync("192.0.2.2", key)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/v1/keys/{issued.GetProperty("details").GetProperty("id").GetString()}")).StatusCode);

        Assert.Equal(refused, await _gateway.GetAsync("192.0.2.2", key));
        Assert.Equal(refused, await _gateway.GetAsync("192.0.2.2", "mk_never-issued"));
    }

    public Task InitializeAsync() => _gateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();
}
