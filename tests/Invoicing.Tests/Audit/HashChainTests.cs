using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Invoicing.Audit;
using Invoicing.Invoices;
using static Invoicing.Tests.Samples;

namespace Invoicing.Tests.Audit;

public class HashChainTests
{
    /// <summary>An event of some other service: the chain knows nothing of invoices.</summary>
    private sealed record MeterRead(string StreamId, decimal Kwh, DateTimeOffset At, string? Note = null) : ChainedEvent
    {
        public bool IsLarge => Kwh > 100; // computed, not data: left out of the hash
    }

    private static List<InvoiceEvent> Lifecycle()
    {
        var stream = Finalized(March, MarchCharges(), "US-2025-000042");
        stream.Decide(s => InvoiceDecision.Decide(
            new IssueCreditNote(IdOf(March), "CN-2025-0007", [new CreditRequest(3, Usd(74.07m))], "Node 7 double-reported", MarchClosed, Finance), s));
        return stream;
    }

    [Fact]
    public void The_canonical_json_has_sorted_keys_exact_numbers_utc_instants_and_no_hash_nulls_or_computed_values()
    {
        var read = new MeterRead("meter-1", 2.50m, At("2025-03-01T06:00:00+01:00")) { Hash = "ignored" };

        Assert.Equal("""{"At":"2025-03-01T05:00:00Z","Kwh":2.5,"StreamId":"meter-1"}""", CanonicalJson.Of(read, leaveOut: "Hash"));
    }

    [Fact]
    public void An_events_hash_is_sha256_of_the_previous_hash_its_type_and_its_canonical_json()
    {
        var first = new MeterRead("meter-1", 2.5m, At("2025-03-01T05:00:00Z"));
        var second = new MeterRead("meter-1", 3m, At("2025-03-01T05:15:00Z"));

        var sealedEvents = HashChain.Seal(HashChain.Genesis, [first, second]);

        var expectedFirst = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            """MeterRead{"At":"2025-03-01T05:00:00Z","Kwh":2.5,"StreamId":"meter-1"}""")));
        var expectedSecond = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            expectedFirst + """MeterRead{"At":"2025-03-01T05:15:00Z","Kwh":3,"StreamId":"meter-1"}""")));
        Assert.Equal([expectedFirst, expectedSecond], sealedEvents.Select(e => e.Hash));
    }

    [Fact]
    public void The_same_data_written_differently_has_the_same_hash()
    {
        var a = new MeterRead("meter-1", 2.50m, At("2025-03-01T06:00:00+01:00"));
        var b = new MeterRead("meter-1", 2.5m, At("2025-03-01T05:00:00Z"));

        Assert.Equal(HashChain.HashOf(HashChain.Genesis, a), HashChain.HashOf(HashChain.Genesis, b));
        Assert.NotEqual(HashChain.HashOf(HashChain.Genesis, a), HashChain.HashOf(HashChain.Genesis, b with { Kwh = 2.51m }));
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
    public void An_edited_event_is_named_as_the_first_broken_link()
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
    public void A_removed_event_breaks_the_link_of_the_event_after_it()
    {
        var stream = Lifecycle();
        stream.RemoveAt(1); // the draft update disappears

        var broken = HashChain.Verify(stream).FirstBroken!;

        Assert.Equal((2L, "InvoiceFinalized"), (broken.Version, broken.EventType));
    }

    [Fact]
    public void A_tail_of_a_stream_verifies_from_the_hash_before_it()
    {
        var stream = Lifecycle();

        var verification = HashChain.Verify(stream.Skip(2), previousHash: stream[1].Hash, firstVersion: 3);

        Assert.True(verification.IsIntact);
        Assert.Equal(2, verification.EventsIntact);
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
