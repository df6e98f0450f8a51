using GpuBilling.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The rolling upgrade as an operator runs it: metering (which reads both reports) is already
/// up, and an agent that sent legacy reports is restarted with `Publishing:Report=compact` on the
/// same spool. The simulated source starts again at the fleet's first second, so the compact
/// agent sends again every second the legacy one sent, and then the rest.
/// </summary>
public class ReportFormSwitchTests
{
    [Fact]
    public async Task An_agent_switching_to_the_compact_report_mid_run_loses_nothing_and_counts_nothing_twice()
    {
        var fleet = await SimulatedFleet.CreateAsync("e2e_report_form_switch", nodes: 2, seconds: 90,
            new Allocation("tenant-a", 0, [0, 1, 2, 3, 4, 5, 6, 7]),
            new Allocation("tenant-b", 1, [0, 1, 2], "spot"));

        await using var metering = fleet.StartMetering();
        await using (var legacy = fleet.StartAgent(maxSecondsPerMessage: 1, settings: new Dictionary<string, string?>
                     {
                         ["Simulation:DurationSeconds"] = "40",
                     }))
        {
            Assert.True(await legacy.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The legacy agent failed:\n{legacy.Output}");
            Assert.Contains("Sending legacy reports", legacy.Output);
        }

        await using var compact = fleet.StartAgent(settings: new Dictionary<string, string?> { ["Publishing:Report"] = "compact" });
        Assert.True(await compact.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The compact agent failed:\n{compact.Output}");
        Assert.Contains("Sending compact reports", compact.Output);
        Assert.Empty(Directory.EnumerateFiles(fleet.SpoolPath, "*.json", SearchOption.AllDirectories));

        await Eventually.AssertAsync(async () =>
            Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet)), TimeSpan.FromMinutes(3));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await fleet.ScalarAsync("select count(*) from metering.intake")));
        Assert.Equal(0, await fleet.QueueDepthAsync("gpu-usage-rejected"));
    }
}
