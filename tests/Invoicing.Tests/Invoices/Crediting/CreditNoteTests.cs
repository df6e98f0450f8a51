using GpuBilling.Decisions;
using GpuBilling.Money;
using GpuBilling.Periods;
using Invoicing.Invoices;
using Invoicing.Invoices.Crediting;
using Invoicing.Invoices.Drafting;
using Invoicing.Periods;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Invoices.Crediting;

public class CreditNoteTests
{
    private static readonly string MarchId = IdOf(March);

    [Fact]
    public void A_credit_note_gives_back_part_of_a_line_with_its_tax()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");

        var credit = Assert.IsType<CreditNoteIssued>(Assert.Single(stream.Decide(s => CreditNoteDecision.Decide(
            new IssueCreditNote(MarchId, "CN-2025-0007", [new CreditRequest(3, Usd(74.07m))], "Node 7 double-reported", At("2025-04-10T15:00:00Z"), Finance), s))));

        Assert.Equal(("CN-2025-0007", "US-2025-000042"), (credit.CreditNoteNumber, credit.InvoiceNumber));
        var line = Assert.Single(credit.Lines);
        Assert.Equal((3, "H100 on-demand GPU time", "74.07"), (line.LineNumber, line.Description, line.Amount.ToAmountString()));
        Assert.Equal("74.07", credit.Subtotal.ToAmountString());
        Assert.Equal("6.57", credit.Tax.ToAmountString()); // 74.07 × 0.08875 = 6.5737125
        Assert.Equal("80.64", credit.Total.ToAmountString());
        Assert.Equal(new DateOnly(2025, 4, 10), credit.IssueDate);
        Assert.Equal(Finance, credit.CausedBy);
    }

    [Fact]
    public void Crediting_more_than_a_line_has_left_is_refused()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        stream.Decide(s => CreditNoteDecision.Decide(
            new IssueCreditNote(MarchId, "CN-2025-0007", [new CreditRequest(3, Usd(74.07m))], "Node 7 double-reported", MarchClosed, Finance), s));

        var refused = Assert.Throws<CommandRefused>(() => CreditNoteDecision.Decide(
            new IssueCreditNote(MarchId, "CN-2025-0008", [new CreditRequest(3, Usd(3000.01m))], "goodwill", MarchClosed, Finance), stream.State()));

        Assert.Equal(Refusal.Conflict, refused.Reason);
        Assert.Equal(
            "Line 3 of invoice US-2025-000042 (H100 on-demand GPU time) has 3000.00 USD left to credit; 3000.01 USD was asked.",
            refused.Message);
        // Exactly what is left is still allowed.
        Assert.Single(CreditNoteDecision.Decide(
            new IssueCreditNote(MarchId, "CN-2025-0008", [new CreditRequest(3, Usd(3000.00m))], "goodwill", MarchClosed, Finance), stream.State()));
    }

    [Fact]
    public void Credit_lines_must_name_lines_of_the_invoice_in_whole_cents_of_its_currency()
    {
        var state = Finalized(March, MarchCharges(), "US-2025-000042").State();

        var refused = Assert.Throws<CommandRefused>(() => CreditNoteDecision.Decide(new IssueCreditNote(MarchId, "CN-1",
        [
            new CreditRequest(4, Usd(1m)),
            new CreditRequest(1, Usd(0.005m)),
            new CreditRequest(2, new Money(1m, Currency.Of("EUR"))),
        ], "fix", MarchClosed, Finance), state));

        Assert.Equal(
        [
            "Lines[0].LineNumber 4 is not a line of invoice US-2025-000042 (it has lines 1 to 3)",
            "Lines[1].Amount must be in whole minor units of USD; 0.005 USD is not",
            "Lines[2].Amount is in EUR, the invoice in USD",
        ], refused.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Only_an_operator_issues_credit_notes_and_only_on_a_finalized_invoice()
    {
        var draft = new List<InvoiceEvent>();
        draft.Decide(s => DraftDecision.Decide(Open(March), s));
        var request = new IssueCreditNote(MarchId, "CN-1", [new CreditRequest(1, Usd(1m))], "fix", MarchClosed, Finance);

        Assert.Equal(Refusal.Conflict, Assert.Throws<CommandRefused>(() => CreditNoteDecision.Decide(request, draft.State())).Reason);
        Assert.Equal(Refusal.Forbidden, Assert.Throws<CommandRefused>(() => CreditNoteDecision.Decide(
            request with { By = Closer }, Finalized(March, MarchCharges(), "US-2025-000042").State())).Reason);
    }

    [Fact]
    public void Partial_credits_never_give_back_more_tax_than_the_invoice_charged()
    {
        var berlin = Account(tenant: "blau", currency: "EUR", zone: "Europe/Berlin", taxRate: 0.19m);
        var period = BillingPeriod.Containing(At("2025-03-15T12:00:00Z"), berlin);
        var stream = Finalized(period, [Charge("Storage", "storage", "ssd/GB-month", 1m, "GB-month", 0.09m, period, currency: "EUR")], "DE-2025-1", berlin);
        var euros = (decimal amount) => new Money(amount, Currency.Of("EUR"));
        Assert.Equal("0.02", stream.Issued().Tax.ToAmountString()); // 0.09 × 0.19 = 0.0171

        var taxes = new[] { "CN-1", "CN-2", "CN-3" }.Select(number => stream.Decide(s => CreditNoteDecision.Decide(
                new IssueCreditNote(IdOf(period, berlin), number, [new CreditRequest(1, euros(0.03m))], "refund", At("2025-04-10T10:00:00Z"), Finance), s))
            .OfType<CreditNoteIssued>().Single().Tax.ToAmountString()).ToList();

        // Rounding each note's tax on its own would give back 0.01 three times: 0.03 of a 0.02 tax.
        Assert.Equal(["0.01", "0.00", "0.01"], taxes);
    }
}
