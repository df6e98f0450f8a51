using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using GpuBilling.Access;
using GpuBilling.Testing;
using MassTransit;
using Metering.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Webhooks.Deliveries;

namespace Metering.Benchmarks;

/// <summary>
/// Deliveries: the real webhooks service (Release, `dotnet Webhooks.dll`) with
/// <see cref="Subscriptions"/> subscriptions of one tenant to a loopback receiver, sent partner
/// events as invoicing publishes them; timed from the first publish until the receiver has seen
/// every delivery, each with its own webhook-id. The floor is the same number of plain POSTs from
/// this process to the same receiver, as many at once as the service sends.
/// </summary>
public static class WebhooksPhase
{
    private const string Name = "bench_webhooks";
    private const string VirtualHost = "bench-webhooks";
    private const string PartnerKey = "bench-partner-key";

    public const int Subscriptions = 10;

    /// <summary>The service's own default (Webhooks:Concurrency), set explicitly so the floor cannot drift from it.</summary>
    public const int Concurrency = 16;

    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(90);

    public static async Task<WebhooksResult> RunAsync(BenchSettings settings, int events)
    {
        var connectionString = await Database.CreateAsync(Name);
        await Broker.CreateVirtualHostAsync(VirtualHost);
        var directory = Directory.CreateDirectory(Path.Combine(settings.WorkDirectory, "webhooks")).FullName;
        var expected = Subscriptions * events;

        await using var receiver = await CountingReceiver.StartAsync();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(Servers.RabbitHost, (ushort)Servers.RabbitPort, VirtualHost, host =>
        {
            host.Username(Broker.User);
            host.Password(Broker.Password);
        }));
        await bus.StartAsync();
        try
        {
            await using var webhooks = await StartWebhooksAsync(connectionString, Path.Combine(directory, "webhooks.log"));
            await SubscribeAsync(webhooks.Address, receiver.Url);

            var notices = Enumerable.Range(0, events).Select(_ => Notice()).ToList();
            var memory = MemoryWatch.Start("webhooks", webhooks.Id);
            var clock = Stopwatch.StartNew();
            var next = -1;
            await RawBrokerPhase.ConcurrentlyAsync(events, settings.InFlight, () => bus.Publish(notices[Interlocked.Increment(ref next)]));
            await WaitUntilReceivedAsync(receiver, expected, "the webhooks service");
            clock.Stop();
            var webhooksMemory = await memory.StopAsync();
            receiver.CheckExactly(expected, "the webhooks service");

            receiver.Clear();
            var body = WebhookPayload.Of(notices[0]);
            using var http = new HttpClient();
            var floorClock = Stopwatch.StartNew();
            var posted = -1;
            await RawBrokerPhase.ConcurrentlyAsync(expected, Concurrency, async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("webhook-id", $"floor-{Interlocked.Increment(ref posted)}");
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
            });
            floorClock.Stop();
            receiver.CheckExactly(expected, "the plain POSTs");

            return new WebhooksResult(events, expected, clock.Elapsed, webhooksMemory, floorClock.Elapsed);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>An invoice.finalized event as invoicing publishes it, amounts as decimal strings.</summary>
    private static PartnerEvent Notice() => new()
    {
        EventId = Guid.NewGuid(),
        Type = PartnerEventTypes.InvoiceFinalized,
        TenantId = Fleet.Tenant,
        OccurredAt = DateTimeOffset.UtcNow,
        Data = $$"""{"invoiceId":"{{Fleet.Tenant}}@2026-11-01","invoiceNumber":"INV-2026-000042","currency":"USD","subtotal":"1000.10","tax":"190.02","total":"1190.12"}""",
    };

    private static Task<ServiceProcess> StartWebhooksAsync(string connectionString, string logFile)
    {
        var environment = Broker.ServiceSettings(VirtualHost);
        environment["ConnectionStrings:Postgres"] = connectionString;
        environment["Access:SeedKeys:0:Key"] = PartnerKey;
        environment["Access:SeedKeys:0:PrincipalId"] = "bench-partner";
        environment["Access:SeedKeys:0:Role"] = Roles.Partner;
        environment["Access:SeedKeys:0:Tenants:0"] = Fleet.Tenant;
        environment["Webhooks:AllowPrivateNetworks"] = "true";
        environment["Webhooks:SecretKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        environment["Webhooks:PollInterval"] = "00:00:00.050";
        environment["Webhooks:Concurrency"] = $"{Concurrency}";
        return Fleet.StartServiceAsync("Webhooks", environment, logFile, VirtualHost, PartnerEventConsumerDefinition.QueueName);
    }

    /// <summary>Through the service's API with the partner's key, which speaks for the tenant: every event type.</summary>
    private static async Task SubscribeAsync(Uri webhooks, Uri url)
    {
        using var http = new HttpClient { BaseAddress = webhooks };
        http.DefaultRequestHeaders.Add("X-Api-Key", PartnerKey);
        for (var i = 0; i < Subscriptions; i++)
        {
            using var response = await http.PostAsJsonAsync("/v1/webhooks/subscriptions", new { url = url.ToString() });
            if (!response.IsSuccessStatusCode)
                throw new BenchmarkFailed($"Creating subscription {i + 1} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task WaitUntilReceivedAsync(CountingReceiver receiver, int expected, string sender)
    {
        var lastChange = (At: DateTimeOffset.UtcNow, Requests: 0L);
        while (receiver.Requests < expected)
        {
            var now = DateTimeOffset.UtcNow;
            if (receiver.Requests != lastChange.Requests) lastChange = (now, receiver.Requests);
            if (now - lastChange.At > StallLimit)
                throw new BenchmarkFailed($"LOST: {sender} stuck at {receiver.Requests:N0} of {expected:N0} deliveries for {StallLimit.TotalSeconds} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}

/// <summary>
/// A partner endpoint that answers 200 at once and remembers each webhook-id it saw, on a free
/// loopback port; it verifies nothing, so the floor measures the HTTP path alone.
/// </summary>
public sealed class CountingReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private long _requests;
    private LoopbackServer _server = null!;

    public Uri Url => _server.UrlOf("/hooks");

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<CountingReceiver> StartAsync()
    {
        var receiver = new CountingReceiver();
        receiver._server = await LoopbackServer.StartAsync(app => app.MapPost("/hooks", receiver.HandleAsync));
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        // Read like a partner would, so the floor pays for the body too.
        using var reader = new StreamReader(request.Body);
        await reader.ReadToEndAsync();
        _seen.AddOrUpdate(request.Headers["webhook-id"].ToString(), 1, (_, times) => times + 1);
        Interlocked.Increment(ref _requests);
        return Results.Ok();
    }

    /// <summary>Exactly <paramref name="expected"/> requests, each with a webhook-id of its own.</summary>
    public void CheckExactly(int expected, string sender)
    {
        var repeated = _seen.Count(s => s.Value > 1);
        if (Requests != expected || _seen.Count != expected || repeated > 0)
            throw new BenchmarkFailed($"{sender}: {Requests:N0} requests with {_seen.Count:N0} distinct webhook-ids ({repeated:N0} seen more than once); expected exactly {expected:N0} distinct.");
    }

    public void Clear()
    {
        _seen.Clear();
        Interlocked.Exchange(ref _requests, 0);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

public sealed record WebhooksResult(int Events, int Deliveries, TimeSpan Elapsed, ProcessMemory Memory, TimeSpan FloorElapsed)
{
    public double DeliveriesPerSecond => Deliveries / Elapsed.TotalSeconds;

    public double FloorPerSecond => Deliveries / FloorElapsed.TotalSeconds;

    public IEnumerable<string> Describe()
    {
        yield return $"== Webhooks (the service alone, Release: {Events:N0} invoice.finalized events × {WebhooksPhase.Subscriptions} subscriptions of one tenant, a loopback receiver answering 200) ==";
        yield return $"  {Deliveries:N0} deliveries in {Elapsed.TotalSeconds:F1} s from the first publish to the last received, each webhook-id exactly once: {DeliveriesPerSecond:N0} deliveries/s";
        yield return $"  floor: the same {Deliveries:N0} plain POSTs from the benchmark, {WebhooksPhase.Concurrency} at once (the service's Webhooks:Concurrency), in {FloorElapsed.TotalSeconds:F1} s: "
            + $"{FloorPerSecond:N0} /s; the service reaches {DeliveriesPerSecond / FloorPerSecond:F2} × of it";
        yield return $"  webhooks peak {Memory.PeakBytes / 1024d / 1024:N0} MiB resident, {Memory.EndBytes / 1024d / 1024:N0} MiB at the end";
    }
}
