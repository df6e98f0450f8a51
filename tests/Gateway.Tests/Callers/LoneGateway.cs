using System.Net;
using System.Text.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.Tests.Callers;

/// <summary>What a call to the gateway got back: the status, the problem it answered, and the headers a caller acts on.</summary>
public sealed record Answer(int Status, string? Title, string? Detail, string? Challenge, string? RetryAfter);

/// <summary>
/// The gateway in this process with its own database and no service behind it (the calls here never
/// get past authentication), called from a peer address of the test's choosing, as the connection
/// would give it, and seeded with one operator key.
/// </summary>
public sealed class LoneGateway(string name, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    public const string OperatorKey = "lone-gateway-operator-key";
    private WebApplicationFactory<Program>? _factory;

    public async Task StartAsync()
    {
        var all = TestServers.ServiceSettings(await TestServers.CreateDatabaseAsync(name), name);
        all["Access:GatewaySigningKey"] = "lone-gateway-signing-key-0123456789abcdef";
        all["Access:SeedKeys:0:Key"] = OperatorKey;
        all["Access:SeedKeys:0:PrincipalId"] = "alice@operations";
        all["Access:SeedKeys:0:Role"] = Roles.Operator;
        foreach (var (key, value) in settings) all[key] = value;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in all) host.UseSetting(key, value);
        });
        _ = _factory.Server;
    }

    public async Task<Answer> CallAsync(string peer, string method, string path, string? key = null, string? forwardedFor = null)
    {
        var context = await _factory!.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            if (key is not null) c.Request.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var problem = context.Response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(body).RootElement
            : (JsonElement?)null;
        return new Answer(
            context.Response.StatusCode,
            problem?.GetProperty("title").GetString(),
            problem?.GetProperty("detail").GetString(),
            context.Response.Headers.WWWAuthenticate.FirstOrDefault(),
            context.Response.Headers.RetryAfter.FirstOrDefault());
    }

    public HttpClient Client(string key)
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    public Task<Answer> GetAsync(string peer, string? key = null, string? forwardedFor = null) => CallAsync(peer, HttpMethods.Get, "/v1/me", key, forwardedFor);

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
