using System.Diagnostics.Metrics;
using GpuBilling.Access;
using GpuBilling.Messaging;
using GpuBilling.Testing;
using Marten;
using MassTransit;
using Metering.Contracts;
using Metering.Ingestion;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Metering.Tests.Ingestion;

/// <summary>
/// The metering service in this process, on a database and a virtual host of its own of the
/// real PostgreSQL and RabbitMQ, with a bus of the test's own to send reports to it the way an
/// agent does.
/// </summary>
public class MeteringService : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private MeterListener? _meters;
    private long _rejected;
    private long _unreadable;

    /// <summary>The database and the virtual host: one per fixture type, so test classes never share data.</summary>
    public string Name { get; }

    public MeteringService() : this("metering_service_tests") { }

    protected MeteringService(string name) => Name = name;

    /// <summary>Start the service at once, or leave it to the test (to queue reports before it consumes).</summary>
    protected virtual bool StartsWithFixture => true;

    /// <summary>Settings of a fixture's own, over the test servers' ones.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings) { }

    /// <summary>Services of a fixture's own, a clock the test moves among them.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public IBusControl Agent { get; private set; } = null!;

    /// <summary>The service's database, for a test that prepares it before the service starts.</summary>
    public string ConnectionString { get; private set; } = null!;
    public IDocumentStore Store => _factory.Services.GetRequiredService<IDocumentStore>();

    /// <summary>What this service's `metering.reports.rejected` metric has counted so far.</summary>
    public long RejectedCounted => Interlocked.Read(ref _rejected);

    /// <summary>What this service's `metering.reports.unreadable` metric has counted so far.</summary>
    public long UnreadableCounted => Interlocked.Read(ref _unreadable);

    /// <summary>The application's services, its route table among them.</summary>
    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var settings = TestServers.ServiceSettings(ConnectionString, Name);
        Configure(settings);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.ConfigureTestServices(ConfigureServices);
        });
        if (StartsWithFixture) await StartServiceAsync();

        Agent = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServers.RabbitHost, (ushort)TestServers.RabbitPort, Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            rabbit.PublishIntoWorkQueue<GpuUsageReported>("gpu-usage");
            rabbit.PublishIntoWorkQueue<GpuUsageWindowReported>("gpu-usage");
        });
        await Agent.StartAsync();
    }

    public async Task StartServiceAsync()
    {
        _ = _factory.Server;
        ListenToIngestionMetrics(_factory.Services.GetRequiredService<IMeterFactory>());
        await Queues.ConsumerReadyAsync(Name, "gpu-usage");
    }

    /// <summary>Only this service's meters: other test classes run their own services in the same process.</summary>
    private void ListenToIngestionMetrics(IMeterFactory meters)
    {
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Meter.Name == IngestionMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "metering.reports.rejected") Interlocked.Add(ref _rejected, value);
            if (instrument.Name == "metering.reports.unreadable") Interlocked.Add(ref _unreadable, value);
        });
        _meters.Start();
    }

    public async Task SendAsync(params GpuUsageReported[] reports)
    {
        await Task.WhenAll(reports.Select(report => Agent.Publish(report, AsBrokerUser("guest"))));
    }

    public async Task SendAsync(params GpuUsageWindowReported[] reports)
    {
        await Task.WhenAll(reports.Select(report => Agent.Publish(report, (PublishContext<GpuUsageWindowReported> context) => context.StampUserId("guest"))));
    }

    /// <summary>Stamps the broker user, as an agent does; the broker refuses a user that is not the connection's.</summary>
    public static Action<PublishContext<GpuUsageReported>> AsBrokerUser(string user) => context => context.StampUserId(user);

    /// <summary>A client that authenticates as a new key of the given role and principal, granted <paramref name="grantedTenants"/>.</summary>
    public Task<HttpClient> ClientForAsync(string principalId, string role = Roles.Tenant, params string[] grantedTenants) =>
        TestKeys.ClientForAsync(_factory.Services, _factory.CreateDefaultClient, principalId, role, grantedTenants);

    public HttpClient AnonymousClient() => _factory.CreateClient();

    public async Task DisposeAsync()
    {
        await Agent.StopAsync();
        _meters?.Dispose();
        await _factory.DisposeAsync();
    }
}
