using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Metering.Ingestion;
using Npgsql;
using RabbitMQ.Client;

namespace Metering.Benchmarks;

/// <summary>
/// Where the servers bench.sh started listen: the variables servers.sh writes to servers.env,
/// the same ones the services and the tests read.
/// </summary>
public static class Servers
{
    public static string PostgresAdmin => Required("ConnectionStrings__Postgres");
    public static string RabbitHost => Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1";
    public static int RabbitPort => int.Parse(Required("RabbitMq__Port"));
    public static int RabbitManagementPort => int.Parse(Required("RabbitMq__ManagementPort"));

    public static bool AreConfigured => Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") is not null;

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run `make bench`.");
}

/// <summary>
/// The RabbitMQ that bench.sh started (found, like the tests find it, through the variables of
/// servers.env). Every phase takes a virtual host of its own, so no phase sees another's queues.
/// </summary>
public static class Broker
{
    public const string User = "guest";
    public const string Password = "guest";

    public static ConnectionFactory Factory(string virtualHost) => new()
    {
        HostName = Servers.RabbitHost,
        Port = Servers.RabbitPort,
        VirtualHost = virtualHost,
        UserName = User,
        Password = Password,
    };

    /// <summary>The settings every service reads to reach the broker, pointing at one virtual host.</summary>
    public static Dictionary<string, string?> ServiceSettings(string virtualHost) => new()
    {
        ["RabbitMq:Host"] = Servers.RabbitHost,
        ["RabbitMq:Port"] = Servers.RabbitPort.ToString(),
        ["RabbitMq:VirtualHost"] = virtualHost,
        ["RabbitMq:Username"] = User,
        ["RabbitMq:Password"] = Password,
        // The benchmark calls each service on its own, with keys seeded there: no gateway in front.
        ["Access:AcceptApiKeys"] = "true",
    };

    /// <summary>A virtual host of its own for a phase, deleted first if an earlier run left it behind.</summary>
    public static async Task CreateVirtualHostAsync(string name)
    {
        using var http = Management();
        (await http.DeleteAsync($"api/vhosts/{name}")).Dispose();
        (await http.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{name}/{User}", new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The reports' exchange and quorum queue, declared as metering declares them when it starts,
    /// for phases whose agent runs before metering ever has (the agent declares nothing).
    /// </summary>
    public static async Task DeclareReportsQueueAsync(string virtualHost)
    {
        await using var connection = await Factory(virtualHost).CreateConnectionAsync("bench-topology");
        await using var channel = await connection.CreateChannelAsync();
        const string queue = GpuUsageReportedConsumerDefinition.QueueName;
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.QueueBindAsync(queue, queue, routingKey: "");
    }

    public static HttpClient Management() => new()
    {
        BaseAddress = new Uri($"http://{Servers.RabbitHost}:{Servers.RabbitManagementPort}/"),
        DefaultRequestHeaders =
        {
            Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"))),
        },
    };

    /// <summary>A queue as the management API sees it; null when it does not exist.</summary>
    public static async Task<QueueInfo?> QueueAsync(string virtualHost, string queue)
    {
        using var http = Management();
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{queue}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return Queue(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Every queue of a virtual host, by name.</summary>
    public static async Task<IReadOnlyList<QueueInfo>> QueuesAsync(string virtualHost)
    {
        using var http = Management();
        var queues = await http.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(virtualHost)}");
        return [.. queues.EnumerateArray().Select(Queue).OrderBy(q => q.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Each queue's ready messages as the broker counts them now (a passive declare), where the
    /// management API's counts lag by up to its statistics interval.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, uint>> ReadyMessagesAsync(string virtualHost)
    {
        var queues = await QueuesAsync(virtualHost);
        await using var connection = await Factory(virtualHost).CreateConnectionAsync("bench-queue-counts");
        await using var channel = await connection.CreateChannelAsync();
        var ready = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var queue in queues) ready[queue.Name] = (await channel.QueueDeclarePassiveAsync(queue.Name)).MessageCount;
        return ready;
    }

    private static QueueInfo Queue(JsonElement info)
    {
        var arguments = info.GetProperty("arguments").EnumerateObject().Select(a => $"{a.Name}={a.Value}").ToList();
        long Stat(string name) =>
            info.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
        return new QueueInfo(
            info.GetProperty("name").GetString() ?? "?",
            info.TryGetProperty("type", out var type) ? type.GetString() ?? "?" : "?",
            info.GetProperty("durable").GetBoolean(),
            arguments.Count == 0 ? "none" : string.Join(", ", arguments),
            info.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0,
            info.TryGetProperty("consumers", out var consumers) ? consumers.GetInt32() : 0,
            Stat("publish"),
            Stat("ack"));
    }

    public static async Task<string> VersionAsync()
    {
        using var http = Management();
        var overview = await http.GetFromJsonAsync<JsonElement>("api/overview");
        return overview.GetProperty("rabbitmq_version").GetString() ?? "?";
    }
}

/// <param name="Published">Messages the queue has received since it was declared (the management API's `message_stats.publish`).</param>
/// <param name="Acknowledged">Messages its consumers have acknowledged since (`message_stats.ack`).</param>
public sealed record QueueInfo(string Name, string Type, bool Durable, string Arguments, long Messages, int Consumers, long Published = 0, long Acknowledged = 0)
{
    public string Declaration => $"{(Durable ? "durable" : "transient")} {Type}, arguments: {Arguments}";
}

/// <summary>The PostgreSQL that bench.sh started; each pipeline run gets a database of its own.</summary>
public static class Database
{
    /// <summary>A database of its own for a run, dropped first if an earlier run left it behind.</summary>
    public static async Task<string> CreateAsync(string name)
    {
        await ExecuteAsync(Servers.PostgresAdmin, $"drop database if exists \"{name}\" with (force)");
        await ExecuteAsync(Servers.PostgresAdmin, $"create database \"{name}\"");
        return new NpgsqlConnectionStringBuilder(Servers.PostgresAdmin) { Database = name }.ConnectionString;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    public static Task<string> VersionAsync() => ScalarAsync<string>(Servers.PostgresAdmin, "show server_version");

    /// <summary>Transactions and row changes so far in one database, to show what each message costs PostgreSQL.</summary>
    public static async Task<DatabaseActivity> ActivityAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted
            from pg_stat_database where datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }
}

public sealed record DatabaseActivity(long Commits, long Rollbacks, long Inserted, long Updated, long Deleted)
{
    public static DatabaseActivity operator -(DatabaseActivity after, DatabaseActivity before) => new(
        after.Commits - before.Commits, after.Rollbacks - before.Rollbacks, after.Inserted - before.Inserted,
        after.Updated - before.Updated, after.Deleted - before.Deleted);
}
