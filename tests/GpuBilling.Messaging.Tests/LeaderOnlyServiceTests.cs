using GpuBilling.Messaging;
using GpuBilling.ServiceDefaults;
using GpuBilling.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GpuBilling.ServiceDefaults.Tests;

/// <summary>Leader-only work runs in one instance at a time, and another takes it over when the leader stops.</summary>
public sealed class LeaderOnlyServiceTests : IAsyncLifetime
{
    private const string Name = "leader_only_tests";
    private static readonly LeaderLock TestWork = new("tests: leader-only work", 0x5465737457726B); // "TestWrk"
    private NpgsqlDataSource _database = null!;

    [Fact]
    public async Task One_instance_leads_and_another_takes_over_when_it_stops()
    {
        using var first = new CountingWork(TestWork, _database);
        using var second = new CountingWork(TestWork, _database);
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);

        await Eventually.AssertAsync(() => Task.FromResult(Assert.Single(new[] { first, second }, w => w.IsLeader)));
        var (leader, follower) = first.IsLeader ? (first, second) : (second, first);
        Assert.Equal((1, 0), (leader.Started, follower.Started));

        await leader.StopAsync(CancellationToken.None);
        await Eventually.AssertAsync(() =>
        {
            Assert.True(follower.IsLeader);
            Assert.Equal(1, follower.Started);
            return Task.CompletedTask;
        });
        Assert.Equal(1, leader.Started);
        await follower.StopAsync(CancellationToken.None);
    }

    private sealed class CountingWork(LeaderLock leadership, NpgsqlDataSource database)
        : LeaderOnlyService(leadership, database, NullLogger.Instance)
    {
        private int _started;

        public int Started => _started;

        protected override async Task LeadAsync(CancellationToken leadership)
        {
            Interlocked.Increment(ref _started);
            await Task.Delay(Timeout.Infinite, leadership);
        }
    }

    public async Task InitializeAsync() => _database = NpgsqlDataSource.Create(await TestServers.CreateDatabaseAsync(Name));

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
