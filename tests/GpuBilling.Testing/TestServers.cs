using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;

namespace GpuBilling.Testing;

/// <summary>
/// A PostgreSQL and a RabbitMQ to test against. <see cref="TestServers.Shared"/> is the pair that
/// `make test` started once for the whole run (infra/scripts/servers.sh); a fault test that stops
/// a server starts a private pair instead. Each test class takes its own database and virtual
/// host, so classes never see each other's data and no test depends on what ran before it.
/// </summary>
public class ServerSet(string postgresAdmin, string rabbitHost, int rabbitPort, int rabbitManagementPort)
{
    public string PostgresAdmin { get; } = postgresAdmin;
    public string RabbitHost { get; } = rabbitHost;
    public int RabbitPort { get; } = rabbitPort;
    public int RabbitManagementPort { get; } = rabbitManagementPort;

    /// <summary>A database of its own, dropped first if a previous run left it behind.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection))
            await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database \"{name}\"", connection))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }

    /// <summary>A virtual host of its own, deleted first if a previous run left it behind.</summary>
    public async Task CreateVirtualHostAsync(string name)
    {
        using var http = Management();
        await http.DeleteAsync($"api/vhosts/{name}");
        (await http.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{name}/guest", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
    }

    /// <summary>The settings a service reads, pointing at this test's database and virtual host.</summary>
    public Dictionary<string, string?> ServiceSettings(string connectionString, string virtualHost) => new()
    {
        ["ConnectionStrings:Postgres"] = connectionString,
        ["RabbitMq:Host"] = RabbitHost,
        ["RabbitMq:Port"] = RabbitPort.ToString(),
        ["RabbitMq:VirtualHost"] = virtualHost,
        ["RabbitMq:Username"] = "guest",
        ["RabbitMq:Password"] = "guest",
        // A test calls one service on its own, with keys stored in its own schema: no gateway in front.
        ["Access:AcceptApiKeys"] = "true",
        // The key webhook signing secrets are sealed under (a fixed one: no test depends on which).
        ["Webhooks:SecretKey"] = "XtHVPkIA+EIIQGdvxd8egHxh3vo0iqv7WymvWeGuzqY=",
        // Tests replay past hours: seal them into the ledger at once rather than after minutes.
        ["Sealing:Window"] = "00:00:01",
        ["Sealing:Grace"] = "00:00:00",
        ["Sealing:Interval"] = "00:00:00.200",
    };

    public HttpClient Management() => new()
    {
        BaseAddress = new Uri($"http://{RabbitHost}:{RabbitManagementPort}/"),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray())) },
    };
}

/// <summary>The servers `make test` started, from the environment it set.</summary>
public static class TestServers
{
    private static readonly Lazy<ServerSet> SharedSet = new(() => new ServerSet(
        Required("ConnectionStrings__Postgres"),
        Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1",
        int.Parse(Required("RabbitMq__Port")),
        int.Parse(Required("RabbitMq__ManagementPort"))));

    public static ServerSet Shared => SharedSet.Value;

    public static string RabbitHost => Shared.RabbitHost;
    public static int RabbitPort => Shared.RabbitPort;

    public static Task<string> CreateDatabaseAsync(string name) => Shared.CreateDatabaseAsync(name);

    public static Task CreateVirtualHostAsync(string name) => Shared.CreateVirtualHostAsync(name);

    public static Dictionary<string, string?> ServiceSettings(string connectionString, string virtualHost) =>
        Shared.ServiceSettings(connectionString, virtualHost);

    public static HttpClient Management() => Shared.Management();

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException(
            $"{name} is not set: run the tests with `make test`, which starts PostgreSQL and RabbitMQ and sets it.");
}

/// <summary>A message taken off a queue through the management API: its body, headers and other properties (`user_id`, `content_type`...) as text.</summary>
public sealed record QueuedMessage(string Payload, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string>? Properties = null);

public static class Queues
{
    /// <summary>Takes up to <paramref name="count"/> messages off a queue (they are removed).</summary>
    public static async Task<List<QueuedMessage>> TakeAsync(string virtualHost, string queue, int count = 100)
    {
        using var http = TestServers.Management();
        var response = await http.PostAsJsonAsync($"api/queues/{virtualHost}/{queue}/get",
            new { count, ackmode = "ack_requeue_false", encoding = "auto" });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<List<System.Text.Json.JsonElement>>() ?? [];
        return messages.Select(m => new QueuedMessage(
                m.GetProperty("payload").GetString()!,
                m.GetProperty("properties").TryGetProperty("headers", out var headers)
                    ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.ToString())
                    : new Dictionary<string, string>(),
                m.GetProperty("properties").EnumerateObject().Where(p => p.Name != "headers").ToDictionary(p => p.Name, p => p.Value.ToString())))
            .ToList();
    }

    /// <summary>Messages ready plus unacknowledged: zero once every delivered message is settled, or if no such queue exists.</summary>
    public static async Task<long> DepthAsync(string virtualHost, string queue, ServerSet? servers = null)
    {
        using var http = (servers ?? TestServers.Shared).Management();
        var response = await http.GetAsync($"api/queues/{virtualHost}/{queue}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        var info = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return info.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    /// <summary>The queue's type as the broker reports it ("classic", "quorum", "stream"), or null if no such queue exists.</summary>
    public static async Task<string?> TypeAsync(string virtualHost, string queue, ServerSet? servers = null)
    {
        using var http = (servers ?? TestServers.Shared).Management();
        var response = await http.GetAsync($"api/queues/{virtualHost}/{queue}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var info = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return info.GetProperty("type").GetString();
    }

    /// <summary>
    /// Waits until a consumer listens on the queue: the service's bus has declared its topology. As
    /// long as a service may take to start on a busy machine (<see cref="ServiceProcess.ListeningAsync"/>).
    /// </summary>
    public static Task ConsumerReadyAsync(string virtualHost, string queue) =>
        Eventually.AssertAsync(async () =>
        {
            using var http = TestServers.Management();
            var info = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/queues/{virtualHost}/{queue}");
            if (!info.TryGetProperty("consumers", out var consumers) || consumers.GetInt32() == 0)
                throw new InvalidOperationException($"No consumer listens on {queue} yet.");
        }, TimeSpan.FromMinutes(3));

    /// <summary>Publishes raw bytes to an exchange, for messages no well-behaved client would send.</summary>
    public static async Task PublishRawAsync(string virtualHost, string exchange, string payload, string contentType)
    {
        using var http = TestServers.Management();
        var response = await http.PostAsJsonAsync($"api/exchanges/{virtualHost}/{exchange}/publish", new
        {
            properties = new Dictionary<string, object> { ["content_type"] = contentType, ["delivery_mode"] = 2 },
            routing_key = "",
            payload,
            payload_encoding = "string",
        });
        response.EnsureSuccessStatusCode();
    }
}
