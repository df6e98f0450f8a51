using System.Collections.Concurrent;
using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpuBilling.ServiceDefaults.Tests;

/// <summary>
/// A publishing subscription over a real PostgreSQL and RabbitMQ, run by the daemon's leadership as
/// every service runs it: a page that fails does not stop publishing.
/// </summary>
public sealed class PublishingSubscriptionTests : IAsyncLifetime
{
    private const string Name = "publishing_subscription_tests";
    private static readonly LeaderLock TestDaemon = new("tests: async daemon", 0x54657374446D6E); // "TestDmn"
    private IHost _host = null!;

    [Fact]
    public async Task A_page_that_fails_in_the_database_is_published_after_all_once_the_subscription_restarts()
    {
        var numbers = Enumerable.Range(1, 5).ToList();
        await using (var session = _host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream("notes", numbers.Select(n => (object)new Noted(n)).ToArray());
            await session.SaveChangesAsync();
        }

        var received = _host.Services.GetRequiredService<Received>();
        await Eventually.AssertAsync(() => Assert.Equal(numbers, received.Numbers.Order()));
        Assert.Equal(1, _host.Services.GetRequiredService<OneFailure>().Failed);
    }

    public sealed record Noted(int Number);

    public sealed record NotePublished(int Number);

    /// <summary>The first page fails in PostgreSQL, as a page does when the database drops a statement.</summary>
    public sealed class OneFailure
    {
        private int _failed;

        public int Failed => _failed;

        public async Task FailFirstAsync(IQuerySession operations, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _failed, 1) == 0)
                await operations.QueryAsync<int>("select 1 / 0", cancellationToken);
        }
    }

    public sealed class NotesPublisher : PublishingSubscription<NotePublished>
    {
        private readonly OneFailure _failure;

        public NotesPublisher(IBus bus, OneFailure failure) : base(bus)
        {
            _failure = failure;
            Name = "notes-publisher";
            IncludeType<Noted>();
        }

        protected override async Task<IReadOnlyList<NotePublished>> MessagesOfAsync(
            IReadOnlyList<IEvent> events, IQuerySession operations, CancellationToken cancellationToken)
        {
            await _failure.FailFirstAsync(operations, cancellationToken);
            return [.. events.Select(e => new NotePublished(((Noted)e.Data).Number))];
        }
    }

    public sealed class Received
    {
        public ConcurrentQueue<int> Numbers { get; } = new();
    }

    public sealed class NoteRecorder(Received received) : IConsumer<NotePublished>
    {
        public Task Consume(ConsumeContext<NotePublished> context)
        {
            received.Numbers.Enqueue(context.Message.Number);
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        var postgres = await TestServers.CreateDatabaseAsync(Name);
        await TestServers.CreateVirtualHostAsync(Name);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(TestServers.ServiceSettings(postgres, Name));
        builder.Services.AddSingleton<OneFailure>().AddSingleton<Received>();
        builder.AddEventStore(options => options.UseEventSchema("notes", [typeof(Noted)]))
            .AddSubscriptionWithServices<NotesPublisher>(ServiceLifetime.Singleton);
        builder.Services.AddAsyncDaemonLeadership(TestDaemon);
        builder.AddServiceBus(bus => bus.AddConsumer<NoteRecorder>());
        // The consumer's queue is bound before the first note is written, so no publish finds no queue.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
