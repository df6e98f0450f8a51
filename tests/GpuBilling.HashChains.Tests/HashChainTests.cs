using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GpuBilling.HashChains.Tests;

public class HashChainTests
{
    /// <summary>An event of no service in particular: the chain knows nothing of what it chains.</summary>
    private sealed record MeterRead(string StreamId, decimal Kwh, DateTimeOffset At, string? Note = null) : ChainedEvent
    {
        public bool IsLarge => Kwh > 100; // computed, not data: left out of the hash
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private static List<MeterRead> ThreeReads() =>
        HashChain.Seal(HashChain.Genesis, new[]
        {
            new MeterRead("meter-1", 2.5m, At("2025-03-01T05:00:00Z")),
            new MeterRead("meter-1", 3m, At("2025-03-01T05:15:00Z")),
            new MeterRead("meter-1", 1.25m, At("2025-03-01T05:30:00Z"), "estimated"),
        }).ToList();

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
    public void An_untouched_stream_verifies_from_its_first_event_to_its_last()
    {
        var stream = ThreeReads();

        var verification = HashChain.Verify(stream);

        Assert.True(verification.IsIntact);
        Assert.Equal(3, verification.EventsIntact);
        Assert.All(stream, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
    }

    [Fact]
    public void An_edited_event_is_named_as_the_first_broken_link()
    {
        var stream = ThreeReads();
        var second = stream[1];
        // Someone lowers the reading in the stored event and leaves its hash as it was.
        stream[1] = second with { Kwh = 0.3m };

        var verification = HashChain.Verify(stream);

        Assert.False(verification.IsIntact);
        Assert.Equal(1, verification.EventsIntact);
        Assert.Equal(
            $"event 2 (MeterRead) has hash {second.Hash}, its content and predecessor give {HashChain.HashOf(stream[0].Hash, stream[1])}",
            verification.FirstBroken!.ToString());
    }

    [Fact]
    public void A_removed_event_breaks_the_link_of_the_event_after_it()
    {
        var stream = ThreeReads();
        stream.RemoveAt(1);

        var broken = HashChain.Verify(stream).FirstBroken!;

        Assert.Equal((2L, "MeterRead"), (broken.Version, broken.EventType));
    }

    [Fact]
    public void A_tail_of_a_stream_verifies_from_the_hash_before_it()
    {
        var stream = ThreeReads();

        var verification = HashChain.Verify(stream.Skip(1), previousHash: stream[0].Hash, firstVersion: 2);

        Assert.True(verification.IsIntact);
        Assert.Equal(2, verification.EventsIntact);
    }

    [Fact]
    public void A_stream_walked_one_event_at_a_time_gives_the_verdict_of_verifying_it_whole_canonical_forms_given_or_not()
    {
        var reads = ThreeReads();
        List<MeterRead> edited = [reads[0], reads[1] with { Kwh = 30m }, reads[2]];
        var editedVerdict = HashChain.Verify(edited, firstVersion: 5);

        foreach (var (stream, whole) in new[] { (reads, HashChain.Verify(reads, firstVersion: 5)), (edited, editedVerdict) })
        {
            var walked = new ChainWalk(firstVersion: 5);
            var walkedWithCanonical = new ChainWalk(firstVersion: 5);
            foreach (var read in stream)
            {
                walked.Add(read);
                walkedWithCanonical.Add(read, HashChain.CanonicalOf(read));
            }
            Assert.Equal(whole, walked.Verification);
            Assert.Equal(whole, walkedWithCanonical.Verification);
        }
        Assert.Equal((1, 6L), (editedVerdict.EventsIntact, editedVerdict.FirstBroken!.Version));
    }
}
