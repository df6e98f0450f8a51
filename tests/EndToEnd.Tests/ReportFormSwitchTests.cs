using GpuBilling.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The rolling upgrade as an operator runs it, and its undoing: metering (which reads both
/// reports) is already up, an agent sends one form of the report and is restarted with the other
/// (`Publishing:Report`) on the same spool. The simulated source starts again at the fleet's first
/// second, so the restarted agent sends again, in the other form, every second the first one sent,
/// and then the rest.
/// </summary>
public class ReportFormSwitchTests
{
    [Theory]
    [InlineData("legacy", "compact")]
    [InlineData("compact", "legacy")]
    public async Task An_agent_switching_its_report_form_mid_run_loses_nothing_and_counts_nothing_twice(string first, string then)
    {
        var fleet = await SimulatedFleet.CreateAsync($"e2e_report_form_{first}_to_{then}", nodes: 2, seconds: 90,
            new Allocation("tenant-a", 0, [0, 1, 2, 3, 4, 5, 6, 7]),
            new Allocation("tenant-b", 1, [0, 1, 2], "spot"));

        await using var metering = fleet.StartMetering();
        // Messages as each form carries seconds in real time: legacy a second each, compact a window.
        await using (var before = fleet.StartAgent(maxSecondsPerMessage: first == "legacy" ? 1 : 10, settings: new Dictionary<string, string?>
                     {
                         ["Publishing:Report"] = first,
                         ["Simulation:DurationSeconds"] = "40",
                     }))
        {
            Assert.True(await before.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The {first} agent failed:\n{before.Output}");
            Assert.Contains($"Sending {first} reports", before.Output);
        }

        await using var after = fleet.StartAgent(settings: new Dictionary<string, string?> { ["Publishing:Report"] = then });
        Assert.True(await after.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, $"The {then} agent failed:\n{after.Output}");
        Assert.Contains($"Sending {then} reports", after.Output);
        Assert.Empty(Directory.EnumerateFiles(fleet.SpoolPath, "*.json", SearchOption.AllDirectories));

        await Eventually.AssertAsync(async () =>
            Assert.Equal(LedgerVerdict.Exact(fleet), await LedgerVerdict.OfAsync(fleet)), TimeSpan.FromMinutes(3));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await fleet.ScalarAsync("select count(*) from metering.intake")));
        Assert.Equal(0, await fleet.QueueDepthAsync("gpu-usage-rejected"));
    }
}
