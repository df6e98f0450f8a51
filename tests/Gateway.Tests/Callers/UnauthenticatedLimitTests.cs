namespace Gateway.Tests.Callers;

/// <summary>
/// Callers who do not authenticate are limited by address (a burst of 3, one more a minute here):
/// a flood of distinct unknown keys, each a lookup, is refused after the burst; `X-Forwarded-For` is
/// believed only from the configured proxy, and then only its right end, the address the proxy saw.
/// </summary>
public sealed class UnauthenticatedLimitTests : IAsyncLifetime
{
    private const int Burst = 3;
    private const string Proxy = "10.0.0.5";
    private const string Unauthorized = "The API key is unknown or revoked.";
    private const string Limited = "Too many unauthenticated requests from this address.";

    private readonly LoneGateway _gateway = new("unauthenticated_limits", new Dictionary<string, string>
    {
        ["RateLimiting:Burst"] = Burst.ToString(),
        ["RateLimiting:PermitsPerMinute"] = "1",
        ["ForwardedHeaders:KnownProxies:0"] = Proxy,
    });

    private int _guesses;

    [Fact]
    public async Task A_flood_of_distinct_unknown_keys_from_one_address_is_refused_after_the_burst_and_other_addresses_go_on()
    {
        var flood = new List<(int, string?)>();
        for (var i = 0; i < Burst + 2; i++) flood.Add(Outcome(await _gateway.GetAsync("192.0.2.10", Guess())));

        Assert.Equal([.. Enumerable.Repeat((401, (string?)Unauthorized), Burst), .. Enumerable.Repeat((429, (string?)Limited), 2)], flood);
        var refused = await _gateway.GetAsync("192.0.2.10");
        Assert.Equal((429, "Try again in 60 s.", "60"), (refused.Status, refused.Detail, refused.RetryAfter));
        // Which it cannot tell from another guess without the lookup the limit saves.
        Assert.Equal(429, (await _gateway.GetAsync("192.0.2.10", LoneGateway.OperatorKey)).Status);

        Assert.Equal(401, (await _gateway.GetAsync("192.0.2.11", Guess())).Status);
        Assert.Equal(200, (await _gateway.GetAsync("192.0.2.12", LoneGateway.OperatorKey)).Status);
        Assert.Equal(200, (await _gateway.CallAsync("192.0.2.10", "GET", "/health/live")).Status);
    }

    [Fact]
    public async Task Known_keys_spend_nothing_of_their_address_s_budget()
    {
        for (var i = 0; i < Burst; i++) Assert.Equal(200, (await _gateway.GetAsync("192.0.2.20", LoneGateway.OperatorKey)).Status);
        Assert.Equal(Enumerable.Repeat(401, Burst), await StatusesAsync(Burst, () => _gateway.GetAsync("192.0.2.20", Guess())));
    }

    [Fact]
    public async Task An_untrusted_peer_s_forwarded_for_is_ignored()
    {
        var statuses = await StatusesAsync(Burst + 1, () => _gateway.GetAsync("192.0.2.30", Guess(), forwardedFor: $"198.51.100.{_guesses}"));

        Assert.Equal([.. Enumerable.Repeat(401, Burst), 429], statuses);
    }

    [Fact]
    public async Task The_trusted_proxy_s_forwarded_for_is_the_caller_and_only_its_right_end()
    {
        // What a client wrote to the left of the address the proxy saw changes nothing.
        var statuses = await StatusesAsync(Burst + 1, () => _gateway.GetAsync(Proxy, Guess(), forwardedFor: $"203.0.113.{_guesses}, 198.51.100.40"));
        Assert.Equal([.. Enumerable.Repeat(401, Burst), 429], statuses);

        Assert.Equal(Enumerable.Repeat(401, Burst), await StatusesAsync(Burst, () => _gateway.GetAsync(Proxy, Guess(), forwardedFor: "198.51.100.41")));
        Assert.Equal(Enumerable.Repeat(401, Burst), await StatusesAsync(Burst, () => _gateway.GetAsync(Proxy, Guess())));
    }

    private string Guess() => $"mk_guess-{Interlocked.Increment(ref _guesses)}";

    private static (int, string?) Outcome(Answer answer) => (answer.Status, answer.Title);

    private static async Task<List<int>> StatusesAsync(int calls, Func<Task<Answer>> call)
    {
        var statuses = new List<int>();
        for (var i = 0; i < calls; i++) statuses.Add((await call()).Status);
        return statuses;
    }

    public Task InitializeAsync() => _gateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();
}
