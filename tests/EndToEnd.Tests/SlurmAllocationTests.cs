using System.Runtime.Versioning;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>
/// A real Slurm schedules real jobs onto a node whose GPUs the agent samples; the agent learns
/// who holds which GPU only from the files the project's prolog and epilog keep. What the ledger
/// must hold is computed from when each job's prolog and epilog ran on the node: on a quiet
/// machine within a second of Slurm's start and end times, on a busy one seconds after them.
/// </summary>
[UnsupportedOSPlatform("windows")]
public class SlurmAllocationTests
{
    private const int Gpus = 4;
    // Long enough for three short jobs, one after another on the same GPUs, on a busy machine.
    private const int Seconds = 30;

    [Fact]
    public async Task Each_account_is_billed_the_seconds_its_jobs_held_each_gpu_within_a_second_of_its_prolog_and_epilog()
    {
        var fleet = await SimulatedFleet.CreateAsync(TestServers.Shared, "e2e_slurm", nodes: 1, seconds: Seconds);
        await using var slurm = await SlurmCluster.StartAsync(Gpus, ["gpu", "spot"], gpu => GpuUuid(0, gpu));
        await using var metering = fleet.StartMetering();
        await metering.ReadyAsync();

        fleet.StartSecondsAt(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3));
        await using var agent = ServiceProcess.Start("NodeAgent", new Dictionary<string, string?>(TestServers.ServiceSettings(fleet.Database, fleet.Name))
        {
            ["Simulation:Nodes"] = "1",
            ["Simulation:GpusPerNode"] = $"{Gpus}",
            ["Simulation:StartAt"] = fleet.StartAt.ToString("O"),
            ["Simulation:DurationSeconds"] = $"{Seconds}",
            ["Simulation:Realtime"] = "true",
            ["Spool:Path"] = fleet.SpoolPath,
            ["Spool:Fsync"] = "false",
            ["Publishing:ExitWhenDrained"] = "true",
            ["Allocations:Source"] = "slurm",
            ["Allocations:Slurm:Directory"] = slurm.AllocationsDirectory,
            ["Allocations:Slurm:AllocationClasses:spot"] = "spot",
        });

        // Every job starts and ends while the agent samples.
        var sampling = fleet.StartAt.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (sampling > TimeSpan.Zero) await Task.Delay(sampling);
        var timeout = TimeSpan.FromSeconds(Seconds);
        var acme = await slurm.RunningAsync(await slurm.SubmitAsync("acme", "gpu", gpus: 2, seconds: 4), timeout);
        var spot = await slurm.RunningAsync(await slurm.SubmitAsync("globex", "spot", gpus: 1, seconds: 7), timeout);
        var jobs = new List<SlurmJobReport> { await slurm.EndedAsync(acme, timeout) };
        // On the GPUs the first job held, for another account.
        var reuse = await slurm.RunningAsync(await slurm.SubmitAsync("globex", "gpu", gpus: 2, seconds: 3), timeout);
        jobs.Add(await slurm.EndedAsync(spot, timeout));
        jobs.Add(await slurm.EndedAsync(reuse, timeout));

        Assert.True(await agent.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, $"The agent failed:\n{agent.Output}");
        var end = fleet.StartAt.AddSeconds(Seconds);
        Assert.All(jobs, job => Assert.True(job.PrologDone > fleet.StartAt && job.EpilogDone < end.AddSeconds(-1),
            $"Job {job.JobId} was on the node {job.PrologDone:O} to {job.EpilogDone:O}, not inside the agent's {fleet.StartAt:O} to {end:O}: the machine is too slow for this test."));
        Assert.Equal([2, 1, 2], jobs.Select(j => j.Gpus.Length));
        Assert.Equal(["gpu", "spot", "gpu"], jobs.Select(j => j.Partition));

        List<LedgerSecond> ledger = [];
        await Eventually.AssertAsync(async () =>
        {
            ledger = await LedgerAudit.ReadAsync(fleet.Database);
            Assert.Equal(Gpus * Seconds, ledger.Count);
        }, TimeSpan.FromMinutes(1));

        // Each GPU-second once, billed to whoever held the GPU in the middle of that second or of the
        // one before or after: the agent bills a second to the job whose prolog's file was written
        // before the second ended and was still there at a look after it (docs/architecture/node-agent.md).
        var seconds = Enumerable.Range(0, Seconds).Select(s => fleet.StartAt.AddSeconds(s)).ToList();
        for (var gpu = 0; gpu < Gpus; gpu++)
        {
            var uuid = GpuUuid(0, gpu);
            string? Holder(DateTimeOffset second) =>
                jobs.SingleOrDefault(j => j.Gpus.Contains(gpu) && j.PrologDone <= second.AddSeconds(0.5) && second.AddSeconds(0.5) < j.EpilogDone)?.Account;
            var billed = ledger.Where(s => s.GpuUuid == uuid).ToDictionary(s => s.Second, s => s.TenantId);
            Assert.Equal(seconds, billed.Keys.Order());
            foreach (var second in seconds)
                Assert.True(new[] { 0, -1, 1 }.Any(near => billed[second] == Holder(second.AddSeconds(near))),
                    $"{uuid} at {second:O} was billed to {billed[second] ?? "nobody"}, but {Holder(second) ?? "nobody"} held it then. Jobs: {string.Join("; ", jobs.Select(j => $"{j} on the node {j.PrologDone:O} to {j.EpilogDone:O}"))}");
        }

        // So each account's GPU-seconds are what its jobs held, give or take a second at each end.
        foreach (var account in new[] { "acme", "globex" })
        {
            var held = jobs.Where(j => j.Account == account).Sum(j => j.Gpus.Length * (long)Math.Round((j.EpilogDone!.Value - j.PrologDone!.Value).TotalSeconds));
            var slack = jobs.Where(j => j.Account == account).Sum(j => 2L * j.Gpus.Length);
            var got = ledger.LongCount(s => s.TenantId == account);
            Assert.InRange(got, held - slack, held + slack);
        }
    }
}
