using GpuBilling.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Metering.Tests.Ledger;

/// <summary>Sealing settings that would quietly split every backlog's windows are refused before metering takes a report.</summary>
public class SealingSettingsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public void Metering_refuses_to_start_when_a_nodes_quiet_time_is_not_positive(string nodeQuiet)
    {
        var settings = TestServers.ServiceSettings("Host=127.0.0.1;Database=never_opened", "never_opened");
        settings["Sealing:NodeQuiet"] = nodeQuiet;
        using var metering = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });

        var refused = Assert.Throws<InvalidOperationException>(() => metering.Server);
        Assert.Equal($"Sealing:NodeQuiet must be positive; it is {TimeSpan.Parse(nodeQuiet)}.", refused.Message);
    }
}
