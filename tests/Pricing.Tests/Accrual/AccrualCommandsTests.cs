using Metering.Contracts;
using Pricing.Accrual;
using Pricing.RateCards;
using Pricing.Tenants;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Accrual;

public class AccrualCommandsTests
{
    private static readonly DateTimeOffset Now = March.AddDays(1);
    private static readonly Guid LedgerEventId = Guid.Parse("5f0c6c1e-0000-4000-8000-000000000001");

    private static TenantTerms TermsIn(string zone, int anchorDay = 1) => new("acme", 1, zone, anchorDay, "USD", CardId, January);

    private static UsageRecorded LedgerEvent(DateTimeOffset hour, params AllocatedUsage[] usage) => new()
    {
        LedgerEventId = LedgerEventId,
        LedgerStream = "node-1@hour",
        NodeId = "node-1",
        Hour = hour,
        Usage = usage,
    };

    private static AllocatedUsage Held(string seconds, string tenant = "acme", string gpu = "GPU-a", string model = "H100",
        string? migProfile = null, string allocationClass = AllocationClasses.OnDemand, decimal joules = 0m) => new()
    {
        TenantId = tenant,
        WorkloadId = "job-1",
        GpuUuid = gpu,
        Model = model,
        MigProfile = migProfile,
        AllocationClass = allocationClass,
        Seconds = seconds,
        GpuSeconds = Runs.Parse(seconds).Count(),
        EnergyJoules = joules,
    };

    private static string Render(AccrueUsage command) =>
        $"{command.StreamKey} {command.PeriodStart.UtcDateTime:yyyy-MM-ddTHH:mm}..{command.PeriodEnd.UtcDateTime:yyyy-MM-ddTHH:mm} {command.RateCardId} {command.SourceId}: " +
        string.Join("; ", command.Usage.Select(u =>
            $"{u.Key} {u.WorkloadId}/{u.GpuUuid} {u.EnergyJoules} J " + string.Join(",", u.Runs.Select(r => $"{r.From.UtcDateTime:HH:mm:ss}+{r.Seconds}"))));

    [Fact]
    public void A_tenants_part_of_a_ledger_event_becomes_one_command_with_its_runs_per_allocation()
    {
        var hour = February.AddDays(9).AddHours(10);
        var commands = AccrualCommands.For(
            LedgerEvent(hour,
                Held("0-299,305", joules: 9000m),
                Held("0-59", gpu: "MIG-b", model: "A100", migProfile: "3g.40gb", allocationClass: AllocationClasses.Spot),
                Held("0-3599", tenant: "someone-else")),
            TermsIn("UTC"), Now, "pricing@test");

        Assert.Equal(
            [
                $"acme@2026-02-01T00:00Z 2026-02-01T00:00..2026-03-01T00:00 gpu-list {LedgerEventId}: " +
                "H100/on-demand job-1/GPU-a 9000 J 10:00:00+300,10:05:05+1; A100/3g.40gb/spot job-1/MIG-b 0 J 10:00:00+60",
            ],
            commands.Select(Render));
        Assert.All(commands, c => Assert.Equal((Now, "pricing@test"), (c.Now, c.AccruedBy)));
    }

    [Fact]
    public void An_hour_across_a_Kolkata_period_start_is_split_at_local_midnight_with_the_energy_shared_by_seconds()
    {
        // Local midnight of 1 March in Kolkata (+05:30) is 18:30 UTC on 28 February.
        var hour = new DateTimeOffset(2026, 2, 28, 18, 0, 0, TimeSpan.Zero);

        var commands = AccrualCommands.For(LedgerEvent(hour, Held("900-2999", joules: 2100m)), TermsIn("Asia/Kolkata"), Now, "pricing@test");

        Assert.Equal(
            [
                $"acme@2026-01-31T18:30Z 2026-01-31T18:30..2026-02-28T18:30 gpu-list {LedgerEventId}: H100/on-demand job-1/GPU-a 900 J 18:15:00+900",
                $"acme@2026-02-28T18:30Z 2026-02-28T18:30..2026-03-31T18:30 gpu-list {LedgerEventId}: H100/on-demand job-1/GPU-a 1200 J 18:30:00+1200",
            ],
            commands.Select(Render));
    }

    [Fact]
    public void The_same_allocation_listed_twice_in_a_ledger_event_is_one_allocation_with_both_runs()
    {
        var commands = AccrualCommands.For(
            LedgerEvent(February.AddDays(3), Held("100-199", joules: 10m), Held("0-9", joules: 5m)),
            TermsIn("UTC"), Now, "pricing@test");

        var usage = Assert.Single(Assert.Single(commands).Usage);
        Assert.Equal((110, 15m), (usage.Runs.Sum(r => r.Seconds), usage.EnergyJoules));
        Assert.Equal([February.AddDays(3), February.AddDays(3).AddSeconds(100)], usage.Runs.Select(r => r.From));
    }

    [Fact]
    public void Seconds_that_are_not_run_length_text_cannot_be_cut_into_periods()
    {
        Assert.Throws<FormatException>(() => AccrualCommands.For(LedgerEvent(February, Held("0-x")), TermsIn("UTC"), Now, "pricing@test"));
    }
}
