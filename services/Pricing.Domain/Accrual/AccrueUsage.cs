using System.Globalization;
using System.Text.Json.Serialization;
using GpuBilling.Decisions;
using GpuBilling.HashChains;
using Pricing.RateCards;

namespace Pricing.Accrual;

/// <summary>
/// Accrue, into a tenant's billing period, the usage one ledger event (<paramref name="SourceId"/>)
/// holds for that tenant, as seen at <paramref name="Now"/>. A ledger event that straddles the
/// period's bounds is sent as one command per period, each with the seconds inside it.
/// </summary>
/// <param name="PeriodStart">Inclusive UTC instant where the tenant's billing period starts.</param>
/// <param name="PeriodEnd">Exclusive UTC instant where it ends.</param>
/// <param name="RateCardId">The tenant's rate card for the period; its version is chosen per second of usage.</param>
/// <param name="SourceId">The id of the ledger event the quantities come from: accrued once per period, however often it is sent.</param>
public sealed record AccrueUsage(
    string TenantId,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string RateCardId,
    string SourceId,
    IReadOnlyList<AllocationUsage> Usage,
    DateTimeOffset Now,
    string AccruedBy)
{
    [JsonIgnore]
    public AccrualStreamKey StreamKey => new(TenantId, PeriodStart);
}

/// <summary>
/// One allocation's usage in the source event: a tenant's workload on one GPU or MIG slice,
/// the seconds it held it (as contiguous runs) and the energy the GPU drew in them (the
/// ledger's summed power samples).
/// </summary>
public sealed record AllocationUsage(
    string WorkloadId,
    string GpuUuid,
    PriceKey Key,
    IReadOnlyList<UsageRun> Runs,
    decimal EnergyJoules);

/// <summary><see cref="Seconds"/> consecutive seconds starting at <see cref="From"/> (UTC, whole second).</summary>
public sealed record UsageRun(DateTimeOffset From, int Seconds)
{
    [JsonIgnore]
    public DateTimeOffset To => From.AddSeconds(Seconds);
}

public static class AccrueUsageDecision
{
    private static readonly AccrueUsageValidator Validator = new();

    /// <summary>
    /// The usage as accrued quantities, one per allocation and rate card version, each second
    /// under the version in force at that second. Whether the source was accrued already is not
    /// decided here: storage claims each source per stream in the transaction that appends, so
    /// the decision needs no ever-growing set of every source seen. The event comes chained to
    /// the state's last hash, ready to append at the state's version.
    /// </summary>
    /// <param name="card">The rate card named by the command, as it stands: versions never reach back, so later publishing cannot change this choice.</param>
    /// <exception cref="CommandRefused">
    /// The command is malformed, names another rate card than the period's, or has usage no
    /// version prices (before the card's first version, or a price key a version lacks). Such
    /// usage is refused rather than dropped: it stays in the ledger until an operator acts.
    /// </exception>
    public static UsageAccrued Decide(AccrueUsage command, PeriodUsage? state, RateCard card) =>
        HashChain.Seal(state?.LastHash ?? HashChain.Genesis, new UsageAccrued(
            command.TenantId,
            command.PeriodStart,
            command.PeriodEnd,
            command.RateCardId,
            command.SourceId,
            Quantities(command, state, card),
            command.Now,
            command.AccruedBy));

    /// <summary>
    /// The quantities <see cref="Decide"/> accrues, in their order, refused exactly as it refuses,
    /// without chaining an event: for the auditor, who compares quantities and verifies the stored
    /// chain itself, and so need not serialize and hash an event per ledger event again.
    /// </summary>
    /// <exception cref="CommandRefused">As <see cref="Decide"/>.</exception>
    public static IReadOnlyList<AccruedQuantity> Quantities(AccrueUsage command, PeriodUsage? state, RateCard card)
    {
        if (!AccrueUsageValidator.PlainlyValid(command)) CommandRefused.ThrowIfInvalid(Validator.Validate(command));

        var refusals = new List<FieldProblem>();
        RefuseAnotherPeriodOrCard(command, state, card, refusals);
        var quantities = new List<AccruedQuantity>();
        for (var i = 0; i < command.Usage.Count; i++)
            quantities.AddRange(QuantitiesOf(command.Usage[i], i, card, refusals));
        if (refusals.Count > 0) throw CommandRefused.Invalid(refusals);
        return [.. quantities.OrderBy(q => q, AccruedQuantity.Order)];
    }

    private static void RefuseAnotherPeriodOrCard(AccrueUsage command, PeriodUsage? state, RateCard card, List<FieldProblem> refusals)
    {
        if (!string.Equals(card.Id, command.RateCardId, StringComparison.Ordinal))
            refusals.Add(new(nameof(command.RateCardId), $"The command names rate card '{command.RateCardId}' but was decided against '{card.Id}'."));
        if (state is null) return;
        if (!string.Equals(state.RateCardId, command.RateCardId, StringComparison.Ordinal))
            refusals.Add(new(nameof(command.RateCardId),
                $"The period is priced by rate card '{state.RateCardId}'; a tenant changes rate card from the next period."));
        if (state.TenantId != command.TenantId || state.PeriodStart != command.PeriodStart || state.PeriodEnd != command.PeriodEnd)
            refusals.Add(new(nameof(command.PeriodEnd), $"The command is for another tenant or period than the stream '{state.Id}'."));
    }

    /// <summary>Splits an allocation's runs where a version takes effect: seconds exactly, energy by <see cref="EnergyShares"/>.</summary>
    private static List<AccruedQuantity> QuantitiesOf(AllocationUsage usage, int index, RateCard card, List<FieldProblem> refusals)
    {
        // By version, in version order: each version's runs as they come.
        var byVersion = new List<(int Number, List<UsageRun> Runs)>(1);
        for (var r = 0; r < usage.Runs.Count; r++)
        {
            var run = usage.Runs[r];
            var from = run.From;
            while (from < run.To)
            {
                if (card.VersionAt(from) is not { } version)
                {
                    refusals.Add(new($"{nameof(AccrueUsage.Usage)}[{index}].Runs[{r}].From",
                        string.Create(CultureInfo.InvariantCulture,
                            $"No version of rate card '{card.Id}' is in force at {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; usage is never priced by a later version.")));
                    break;
                }
                var next = version.Number < card.Versions.Count ? card.Versions[version.Number].EffectiveFrom : run.To;
                var to = next < run.To ? next : run.To;
                var piece = new UsageRun(from, (int)(to - from).TotalSeconds);
                var v = 0;
                while (v < byVersion.Count && byVersion[v].Number < version.Number) v++;
                if (v == byVersion.Count || byVersion[v].Number != version.Number) byVersion.Insert(v, (version.Number, []));
                byVersion[v].Runs.Add(piece);
                from = to;
            }
        }

        foreach (var (number, _) in byVersion.Where(v => card.Version(v.Number).Terms.RateFor(usage.Key) is null))
            refusals.Add(new($"{nameof(AccrueUsage.Usage)}[{index}].Key", $"Rate card '{card.Id}' version {number} has no rate for {usage.Key}."));

        var quantities = new List<AccruedQuantity>(byVersion.Count);
        var seconds = byVersion.Select(v => v.Runs.Sum(run => (long)run.Seconds)).ToList();
        var energy = EnergyShares.BySeconds(usage.EnergyJoules, seconds);
        for (var v = 0; v < byVersion.Count; v++)
            quantities.Add(new AccruedQuantity(
                byVersion[v].Number, usage.Key, usage.WorkloadId, usage.GpuUuid,
                seconds[v], energy[v], [.. byVersion[v].Runs.OrderBy(run => run.From)]));
        return quantities;
    }
}

/// <summary>
/// Energy is known only as a sum over an allocation's seconds (the ledger sums power samples),
/// so when those seconds are split (at a rate card version, or at a billing period's bounds)
/// the joules are shared in proportion to seconds, the last share taking the remainder so the
/// shares always add up to exactly the joules measured.
/// </summary>
public static class EnergyShares
{
    public static decimal[] BySeconds(decimal joules, IReadOnlyList<long> seconds)
    {
        var total = seconds.Sum();
        var shares = new decimal[seconds.Count];
        var left = joules;
        for (var i = 0; i < seconds.Count - 1; i++)
        {
            shares[i] = total == 0 ? 0m : joules * seconds[i] / total;
            left -= shares[i];
        }
        if (shares.Length > 0) shares[^1] = left;
        return shares;
    }
}
