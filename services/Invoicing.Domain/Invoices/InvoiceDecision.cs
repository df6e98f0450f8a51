using GpuBilling.Decisions;
using GpuBilling.HashChains;
using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Audit;
using Invoicing.Periods;

namespace Invoicing.Invoices;

/// <summary>
/// What every invoice decision shares. The decisions themselves are pure <c>Decide(command, state)</c>
/// functions kept with their feature (Drafting, Finalizing, Voiding, Crediting); each returns its
/// events already chained to the stream's last hash, ready to append at the version the state was
/// read at; a refusal is a <see cref="CommandRefused"/>.
/// </summary>
internal static class InvoiceDecision
{
    internal static Invoice Existing(Invoice? state, string invoiceId) =>
        state ?? throw CommandRefused.NotFound($"Invoice {invoiceId} has no draft; open it first.");

    internal static IReadOnlyList<InvoiceEvent> Chained(Invoice? state, params IEnumerable<InvoiceEvent> events) =>
        HashChain.Seal(state?.LastHash ?? HashChain.Genesis, events);

    internal static void RequireOperator(Actor by, string what)
    {
        if (by.Kind != ActorKind.Operator)
            throw CommandRefused.Forbidden($"Only an operator may {what}; {by} is a {by.Kind.ToString().ToLowerInvariant()}.");
    }

    /// <summary>
    /// What is wrong with charges given as input, each named by its place: a charge in another
    /// currency, one that cannot be traced, or usage from outside the period it charges.
    /// </summary>
    internal static IEnumerable<FieldProblem> ChargeProblems(IReadOnlyList<ChargeLine> charges, string field, Currency currency, BillingPeriod period)
    {
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            var at = $"{field}[{i}]";
            if (string.IsNullOrWhiteSpace(charge.Description)) yield return new($"{at}.Description", "is required");
            if (string.IsNullOrWhiteSpace(charge.Meter)) yield return new($"{at}.Meter", "is required");
            if (string.IsNullOrWhiteSpace(charge.PriceKey)) yield return new($"{at}.PriceKey", "is required");
            if (string.IsNullOrWhiteSpace(charge.Unit)) yield return new($"{at}.Unit", "is required");
            if (charge.Amount.Currency != currency) yield return new($"{at}.Amount", $"is in {charge.Amount.Currency}, the invoice in {currency}");
            if (charge.UnitPrice.Currency != currency) yield return new($"{at}.UnitPrice", $"is in {charge.UnitPrice.Currency}, the invoice in {currency}");
            if (string.IsNullOrWhiteSpace(charge.Lineage.RateCardId)) yield return new($"{at}.Lineage.RateCardId", "is required: every line traces to its rate card");
            for (var u = 0; u < charge.Lineage.Usage.Count; u++)
            {
                var usage = charge.Lineage.Usage[u];
                if (usage.From >= usage.To || usage.From < period.Start || usage.To > period.End)
                    yield return new($"{at}.Lineage.Usage[{u}]", $"covers {usage.From:O}..{usage.To:O}, not a range inside the period {period.Start:O}..{period.End:O}");
            }
        }
    }
}
