using GpuBilling.Testing;
using Npgsql;

namespace FaultTests;

/// <summary>
/// The servers' script picks free ports, but another program can bind a picked port before the
/// server does. Each port here is held bound and not listening, so the script sees it free (it
/// looks only at listening sockets) and takes it again from a previous start, while the server's
/// own bind fails: the race, every time. PostgreSQL, RabbitMQ and epmd move to other ports.
/// </summary>
public class PortRaceTests
{
    private static readonly string[] Settings = ["PG_PORT", "AMQP_PORT", "MGMT_PORT", "DIST_PORT", "EPMD_PORT"];

    [Fact]
    public async Task Servers_whose_ports_are_taken_between_picking_and_binding_start_on_other_ports()
    {
        var held = Settings.ToDictionary(setting => setting, _ => new RefusingPort());
        try
        {
            await using var servers = await PrivateServers.StartAsync("port-race", held.ToDictionary(h => h.Key, h => h.Value.Port));

            Assert.All(Settings, setting => Assert.NotEqual(held[setting].Port, servers.Ports[setting]));
            Assert.Contains("PostgreSQL could not bind a port that was free when picked", servers.StartOutput);
            Assert.Contains("RabbitMQ could not bind a port that was free when picked", servers.StartOutput);

            // Both really serve on the ports they moved to.
            await using var connection = new NpgsqlConnection(servers.PostgresAdmin);
            await connection.OpenAsync();
            Assert.Equal(servers.Ports["PG_PORT"], new NpgsqlConnectionStringBuilder(servers.PostgresAdmin).Port);
            Assert.Equal(servers.Ports["AMQP_PORT"], servers.RabbitPort);
            await servers.CreateVirtualHostAsync("port-race");
        }
        finally
        {
            foreach (var port in held.Values) port.Dispose();
        }
    }
}
