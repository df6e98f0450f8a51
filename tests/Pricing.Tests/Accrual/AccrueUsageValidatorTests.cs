using Pricing.Accrual;
using Pricing.RateCards;
using static Pricing.Tests.Given;

namespace Pricing.Tests.Accrual;

/// <summary>
/// The decision skips FluentValidation's rules for a command <see cref="AccrueUsageValidator.PlainlyValid"/>
/// accepts, so it must never accept one the rules refuse: each rule broken alone, and commands drawn
/// at random from valid and broken parts.
/// </summary>
public class AccrueUsageValidatorTests
{
    private static readonly AccrueUsageValidator Rules = new();
    private static readonly DateTimeOffset Start = February.AddDays(3);

    private static AccrueUsage Command(params AllocationUsage[] usage) =>
        new("acme", February, March, CardId, "node-1@2026-02-04T00Z:1", usage, February.AddDays(20), "pricing@test");

    private static AllocationUsage Allocation(string gpu = "GPU-a", params UsageRun[] runs) =>
        new("job-1", gpu, H100, runs.Length == 0 ? [new UsageRun(Start, 300)] : runs, 1_000m);

    /// <summary>Two allocations, the second with three runs in order, gaps between them and one ending on the next's first second.</summary>
    private static readonly AccrueUsage Valid = Command(
        Allocation(),
        Allocation("GPU-b", new UsageRun(Start, 60), new UsageRun(Start.AddSeconds(60), 30), new UsageRun(Start.AddSeconds(200), 100)));

    public static TheoryData<string, AccrueUsage> EachRuleBroken => new()
    {
        { "tenant empty", Valid with { TenantId = "" } },
        { "tenant blank", Valid with { TenantId = "  " } },
        { "tenant too long", Valid with { TenantId = new string('t', 129) } },
        { "rate card missing", Valid with { RateCardId = null! } },
        { "source too long", Valid with { SourceId = new string('s', 257) } },
        { "accrued by blank", Valid with { AccruedBy = "\t" } },
        { "period start not a whole second", Valid with { PeriodStart = February.AddMilliseconds(1) } },
        { "period end not a whole second", Valid with { PeriodEnd = March.AddTicks(1) } },
        { "period end at its start", Valid with { PeriodEnd = February } },
        { "no usage", Valid with { Usage = [] } },
        { "usage missing", Valid with { Usage = null! } },
        { "an allocation missing", Valid with { Usage = [Allocation(), null!] } },
        { "an allocation twice", Valid with { Usage = [Allocation(), Allocation()] } },
        { "workload blank", Command(Allocation() with { WorkloadId = " " }) },
        { "workload too long", Command(Allocation() with { WorkloadId = new string('w', 129) }) },
        { "GPU missing", Command(Allocation() with { GpuUuid = null! }) },
        { "key missing", Command(Allocation() with { Key = null! }) },
        { "model empty", Command(Allocation() with { Key = H100 with { GpuModel = "" } }) },
        { "model too long", Command(Allocation() with { Key = H100 with { GpuModel = new string('m', 129) } }) },
        { "MIG profile blank", Command(Allocation() with { Key = H100 with { MigProfile = " " } }) },
        { "MIG profile too long", Command(Allocation() with { Key = H100 with { MigProfile = new string('p', 129) } }) },
        { "class unknown", Command(Allocation() with { Key = H100 with { AllocationClass = "reserved" } }) },
        { "energy negative", Command(Allocation() with { EnergyJoules = -0.001m }) },
        { "no runs", Command(Allocation() with { Runs = [] }) },
        { "runs missing", Command(Allocation() with { Runs = null! }) },
        { "a run missing", Command(Allocation("GPU-a", new UsageRun(Start, 60), null!)) },
        { "a run of no seconds", Command(Allocation("GPU-a", new UsageRun(Start, 0))) },
        { "a run of negative seconds", Command(Allocation("GPU-a", new UsageRun(Start, -5))) },
        { "a run not from a whole second", Command(Allocation("GPU-a", new UsageRun(Start.AddMilliseconds(500), 60))) },
        { "a run before the period", Command(Allocation("GPU-a", new UsageRun(February.AddSeconds(-1), 60))) },
        { "a run past the period", Command(Allocation("GPU-a", new UsageRun(March.AddSeconds(-59), 60))) },
        { "runs overlapping", Command(Allocation("GPU-a", new UsageRun(Start, 60), new UsageRun(Start.AddSeconds(59), 60))) },
        { "runs overlapping out of order", Command(Allocation("GPU-a", new UsageRun(Start.AddSeconds(59), 60), new UsageRun(Start, 60))) },
        { "a run inside another", Command(Allocation("GPU-a", new UsageRun(Start, 600), new UsageRun(Start.AddSeconds(10), 5), new UsageRun(Start.AddSeconds(20), 5))) },
    };

    [Fact]
    public void A_valid_command_is_plainly_valid_and_the_rules_agree()
    {
        Assert.True(Rules.Validate(Valid).IsValid);
        Assert.True(AccrueUsageValidator.PlainlyValid(Valid));
        var wholePeriod = Command(Allocation("GPU-a", new UsageRun(February, (int)(March - February).TotalSeconds)) with { Key = PriceKey.Spot("H100", "1g.10gb") });
        Assert.True(Rules.Validate(wholePeriod).IsValid);
        Assert.True(AccrueUsageValidator.PlainlyValid(wholePeriod));
    }

    [Theory]
    [MemberData(nameof(EachRuleBroken))]
    public void A_command_breaking_one_rule_is_never_plainly_valid(string broken, AccrueUsage command)
    {
        Assert.False(Rules.Validate(command).IsValid, $"the rules accept a command with {broken}");
        Assert.False(AccrueUsageValidator.PlainlyValid(command), $"a command with {broken} is taken as plainly valid");
    }

    [Fact]
    public void Runs_out_of_order_are_left_to_the_rules_which_accept_them()
    {
        var reversed = Command(Allocation("GPU-a", new UsageRun(Start.AddSeconds(100), 60), new UsageRun(Start, 60)));

        Assert.False(AccrueUsageValidator.PlainlyValid(reversed));
        Assert.True(Rules.Validate(reversed).IsValid);
    }

    [Fact]
    public void No_command_drawn_from_valid_and_broken_parts_is_plainly_valid_where_the_rules_refuse_it()
    {
        var random = new Random(17);
        // The first choice nine times in ten, so most commands break one rule or none.
        T Pick<T>(T usual, params T[] others) => random.Next(10) > 0 || others.Length == 0 ? usual : others[random.Next(others.Length)];
        UsageRun Run(int at) => Pick(
            new UsageRun(Start.AddSeconds(at), Pick(60, 1, 0, -1)),
            new UsageRun(Pick(February, February.AddSeconds(-1), March.AddSeconds(-30), Start.AddMilliseconds(1)), Pick(30, 60)),
            null!);
        IReadOnlyList<UsageRun> Runs() => Pick<IReadOnlyList<UsageRun>>(
            [Run(0)], [Run(0), Run(random.Next(30, 90))], [Run(120), Run(0)], [Run(0), Run(60), Run(random.Next(100, 130))], [], null!);
        AllocationUsage AllocationDrawn(string gpu) => Pick(
            new AllocationUsage(
                Pick("job-1", "", " ", null!, new string('w', 129)),
                Pick(gpu, "GPU-a", "", null!),
                Pick(H100, PriceKey.Spot("A100", "1g.10gb"), H100 with { AllocationClass = "reserved" }, H100 with { MigProfile = " " }, H100 with { GpuModel = "" }, null!),
                Runs(),
                Pick(12.5m, 0m, -1m)),
            [null!]);

        var plainlyValid = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var command = new AccrueUsage(
                Pick("acme", "", new string('t', 129)),
                Pick(February, February.AddMilliseconds(1), March),
                Pick(March, February, March.AddTicks(1)),
                Pick(CardId, " "),
                Pick("source-1", new string('s', 257)),
                Pick<IReadOnlyList<AllocationUsage>>([AllocationDrawn("GPU-a"), AllocationDrawn("GPU-b")], [AllocationDrawn("GPU-a")], [], null!),
                February.AddDays(20),
                Pick("pricing@test", ""));
            if (!AccrueUsageValidator.PlainlyValid(command)) continue;
            plainlyValid++;
            Assert.True(Rules.Validate(command).IsValid, $"plainly valid, yet the rules refuse command {i}: {Rules.Validate(command)}");
        }
        // Enough accepted that the property is not vacuous.
        Assert.InRange(plainlyValid, 100, 20_000);
    }
}
