using System.Text.Json;
using GpuBilling.HashChains;
using Invoicing.Audit;
using Invoicing.Invoices;
using Invoicing.Invoices.Crediting;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Audit;

/// <summary>The invoice stream's chain as its decisions seal it; the chain itself is tested in GpuBilling.HashChains.Tests.</summary>
public class InvoiceChainTests
{
    private static List<InvoiceEvent> Lifecycle()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        stream.Decide(s => CreditNoteDecision.Decide(
            new IssueCreditNote(IdOf(March), "CN-2025-0007", [new CreditRequest(3, Usd(74.07m))], "Node 7 double-reported", MarchClosed, Finance), s));
        return stream;
    }

    [Fact]
    public void An_untouched_invoice_stream_verifies_from_its_first_event_to_its_last()
    {
        var stream = Lifecycle();

        var verification = HashChain.Verify(stream);

        Assert.True(verification.IsIntact);
        Assert.Equal(4, verification.EventsIntact);
        Assert.All(stream, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
    }

    [Fact]
    public void An_edited_invoice_is_named_as_the_first_broken_link()
    {
        var stream = Lifecycle();
        var finalized = (InvoiceFinalized)stream[2];
        // Someone lowers the total in the stored event and leaves its hash as it was.
        stream[2] = finalized with { Total = Usd(3328.80m) };

        var verification = HashChain.Verify(stream);

        Assert.False(verification.IsIntact);
        Assert.Equal(2, verification.EventsIntact);
        Assert.Equal((3L, "InvoiceFinalized", finalized.Hash), (verification.FirstBroken!.Version, verification.FirstBroken.EventType, verification.FirstBroken.StoredHash));
    }

    [Fact]
    public void A_stream_stored_as_json_with_other_serializer_settings_still_verifies_when_read_back()
    {
        var stream = Lifecycle();
        var storage = new JsonSerializerOptions(JsonSerializerDefaults.Web); // camelCase, enums as numbers

        var readBack = stream
            .Select(e => (Type: e.GetType(), Json: JsonSerializer.Serialize(e, e.GetType(), storage)))
            .Select(stored => (InvoiceEvent)JsonSerializer.Deserialize(stored.Json, stored.Type, storage)!)
            .ToList();

        Assert.True(HashChain.Verify(readBack).IsIntact);
        Assert.Equal(stream.Select(e => e.Hash), readBack.Select(e => e.Hash));
        Assert.True(InvoiceRecompute.Compare(readBack.State()).Matches);
    }
}
