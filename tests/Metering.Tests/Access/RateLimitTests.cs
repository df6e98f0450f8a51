using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Metering.Tests.Access;

/// <summary>
/// The per-key limit every service applies (<see cref="RateLimits"/>, part of its access), on a bare
/// application with the services' shared wiring, every key taken as valid, and a limit of two requests at once, one more a minute: the third
/// request of a key is refused with 429 problem details and a Retry-After, while another key and
/// requests without a key go on.
/// </summary>
public class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_Retry_After_and_other_keys_and_health_checks_are_untouched()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await StatusesAsync(client, "key-a", 3));

        using var refused = await SendAsync(client, "key-a");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((429, "Too many requests for this API key.", $"Try again in {retryAfter} s."),
            (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], await StatusesAsync(client, "key-b", 2));
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["RateLimiting:PermitsPerMinute"] = "1";
        builder.Configuration["RateLimiting:Burst"] = "2";
        builder.AddServiceDefaults("rate-limit-test");
        builder.Services.AddApiKeyRateLimits(builder.Configuration);
        var app = builder.Build();
        app.MapServiceDefaults();
        app.UseRateLimits();
        // Every key here is a valid one: the address limit on callers who fail authentication is the gateway's tests' (Callers/).
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PrincipalClaims.PrincipalId, "test")], "test"));
            return next(context);
        });
        app.MapGet("/ping", () => Results.Ok("pong"));
        await app.StartAsync();
        return app;
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, string key, int requests)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await SendAsync(client, key);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/ping");
        request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client.SendAsync(request);
    }
}
