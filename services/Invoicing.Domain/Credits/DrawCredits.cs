using GpuBilling.Decisions;
using GpuBilling.Money;
using Invoicing.Audit;
using Invoicing.Invoices;

namespace Invoicing.Credits;

/// <summary>
/// Draw credit for invoice <paramref name="InvoiceId"/> as its period's charges stand at pricing's
/// rating <paramref name="AccrualStream"/> v<paramref name="TotalsVersion"/>, at the account's tax rate.
/// </summary>
public sealed record DrawForRating(
    string TenantId,
    string InvoiceId,
    string AccrualStream,
    long TotalsVersion,
    IReadOnlyList<ChargeLine> Charges,
    decimal? TaxRate,
    DateTimeOffset Now,
    Actor By);

/// <summary>
/// Settle invoice <paramref name="InvoiceId"/>, being finalized as <paramref name="InvoiceNumber"/>,
/// whose lines come to <paramref name="Subtotal"/> before tax.
/// </summary>
public sealed record SettleInvoiceCredits(
    string TenantId,
    string InvoiceId,
    string InvoiceNumber,
    Money Subtotal,
    decimal? TaxRate,
    DateTimeOffset Now,
    Actor By);

public static partial class CreditDecision
{
    /// <summary>
    /// Pricing's charge kind for the part of a commitment not used up. It depends on the whole
    /// period (usage later in the period shrinks it), so it is drawn at settlement, not as it is rated.
    /// </summary>
    public const string CommitmentShortfall = "commitment-shortfall";

    /// <summary>
    /// Credit follows the period's cumulative charges: each newer rating draws what brings the
    /// invoice's draws up to what the settlement rule gives for the charges so far, so every
    /// rating draws only its increase. A rating not newer than the newest one drawn for (redelivered,
    /// or overtaken) draws nothing more, nor does one after the invoice was settled. A tenant
    /// without credit draws nothing and has no credit stream.
    /// </summary>
    public static IReadOnlyList<CreditEvent> Decide(DrawForRating command, CreditBalance? state)
    {
        if (state is null) return [];
        var expiries = Expiries(state, command.Now, command.By);
        var current = Applied(state, expiries);
        var drawn = current.For(command.InvoiceId);
        if (drawn?.SettledAs is not null || drawn?.TotalsVersion >= command.TotalsVersion) return Chained(state, expiries);

        var wrongCurrency = command.Charges.FirstOrDefault(c => c.Amount.Currency != state.Currency);
        if (wrongCurrency is not null)
            throw CommandRefused.Invalid($"A charge of {command.InvoiceId} is in {wrongCurrency.Amount.Currency}; the credit of '{state.TenantId}' is in {state.Currency}.");
        var metered = command.Charges.Where(c => c.Meter != CommitmentShortfall).ToList();
        var charges = InvoiceCalculation.Compute(new InvoiceInputs(state.Currency, metered, [], null)).Subtotal;

        var draws = ToTarget(current, command.InvoiceId, charges, command.TaxRate, command.Now, giveBack: false);
        if (draws.Count == 0) return Chained(state, expiries);
        return Chained(state,
        [
            .. expiries,
            new CreditDrawn(state.TenantId, command.InvoiceId, CreditUse.Rating(command.AccrualStream, command.TotalsVersion), draws, command.Now, command.By),
        ]);
    }

    /// <summary>
    /// At finalization the invoice's draws are brought to exactly what the settlement rule gives for
    /// its whole subtotal: this draws what ratings could not (commitment shortfalls, late-usage
    /// adjustments, the tax on what purchased credit pays), and gives back to its grants whatever
    /// was drawn beyond it. Settling again under the same number (a retried transaction) adds nothing.
    /// An invoice that never drew and has nothing to draw leaves no event: it reads as before credits.
    /// </summary>
    public static IReadOnlyList<CreditEvent> Decide(SettleInvoiceCredits command, CreditBalance? state)
    {
        if (state is null) return [];
        var settled = state.For(command.InvoiceId)?.SettledAs;
        if (settled == command.InvoiceNumber) return [];
        if (settled is not null)
            throw CommandRefused.Conflict($"The credit of invoice {command.InvoiceId} was settled as {settled}; it cannot be settled as {command.InvoiceNumber}.");
        if (command.Subtotal.Currency != state.Currency)
            throw CommandRefused.Invalid($"Invoice {command.InvoiceId} is in {command.Subtotal.Currency}; the credit of '{state.TenantId}' is in {state.Currency}.");

        var expiries = Expiries(state, command.Now, command.By);
        var current = Applied(state, expiries);
        var draws = ToTarget(current, command.InvoiceId, command.Subtotal, command.TaxRate, command.Now, giveBack: true);
        if (draws.Count == 0 && current.For(command.InvoiceId) is null) return Chained(state, expiries);

        var drawn = new CreditDrawn(state.TenantId, command.InvoiceId, CreditUse.Settlement(command.InvoiceNumber), draws, command.Now, command.By);
        // Credit given back to a grant that has expired meanwhile is written off at once, as the rest of it was.
        var afterwards = Expiries(Applied(current, [drawn]), command.Now, command.By);
        return Chained(state, [.. expiries, drawn, .. afterwards]);
    }

    /// <summary>
    /// The draws, grant by grant, that bring what <paramref name="invoiceId"/> has drawn of each kind
    /// to what the settlement rule gives for <paramref name="charges"/>, drawing only on grants in
    /// force at <paramref name="now"/>, in the consumption order. With <paramref name="giveBack"/>,
    /// what was drawn beyond that goes back, the last consumed first.
    /// </summary>
    private static List<GrantDraw> ToTarget(CreditBalance state, string invoiceId, Money charges, decimal? taxRate, DateTimeOffset now, bool giveBack)
    {
        var drawn = state.For(invoiceId)?.Drawn ?? [];
        Money DrawnOf(bool promotional) =>
            InvoiceCalculation.Sum(drawn.Where(d => state.Grant(d.GrantId)!.IsPromotional == promotional).Select(d => d.Amount), state.Currency);
        List<CreditGrant> Usable(bool promotional) =>
            [.. ConsumptionOrder.Of(state.Grants.Where(g => g.IsPromotional == promotional && g.InForceAt(now) && g.Unused.Amount > 0))];
        Money Sum(IEnumerable<CreditGrant> grants) => InvoiceCalculation.Sum(grants.Select(g => g.Unused), state.Currency);

        var (promotional, purchased) = SettlementRule.Of(
            charges, taxRate, DrawnOf(true) + Sum(Usable(true)), DrawnOf(false) + Sum(Usable(false)));

        List<GrantDraw> draws = [];
        foreach (var (kind, target) in new[] { (true, promotional), (false, purchased) })
        {
            var change = target - DrawnOf(kind);
            if (change.Amount > 0)
            {
                foreach (var grant in Usable(kind))
                {
                    if (change.Amount <= 0) break;
                    var take = grant.Unused.Amount < change.Amount ? grant.Unused : change;
                    draws.Add(new GrantDraw(grant.GrantId, take));
                    change -= take;
                }
            }
            else if (change.Amount < 0 && giveBack)
            {
                var over = Money.Zero(state.Currency) - change;
                var drawnFrom = ConsumptionOrder.Of(state.Grants.Where(g => g.IsPromotional == kind)).Reverse()
                    .Select(g => drawn.FirstOrDefault(d => d.GrantId == g.GrantId))
                    .OfType<GrantDraw>()
                    .Where(d => d.Amount.Amount > 0);
                foreach (var draw in drawnFrom)
                {
                    if (over.Amount <= 0) break;
                    var back = draw.Amount.Amount < over.Amount ? draw.Amount : over;
                    draws.Add(new GrantDraw(draw.GrantId, Money.Zero(state.Currency) - back));
                    over -= back;
                }
            }
        }
        return draws;
    }
}
