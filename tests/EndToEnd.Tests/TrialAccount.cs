using GpuBilling.Periods;
using GpuBilling.Testing;
using static GpuBilling.Testing.SimulatedFleet;

namespace EndToEnd.Tests;

/// <summary>
/// A tenant on trial credit in the run of <see cref="TrialAccount.Seconds"/> seconds: its account's
/// currency and time zone, its rate card (on-demand GPUs graduated, the first band small enough to
/// be left mid-run; spot GPUs at one price), the trial grant, and what all of that implies, computed
/// from these parameters alone. Every price is a whole number of minor units per GPU-second, so the
/// charges after any whole second are exact at the minor unit and the second the grant runs out in
/// is one the rounding of invoice lines cannot move.
/// </summary>
public sealed record TrialAccount(
    string TenantId,
    string Currency,
    int MinorDigits,
    string Zone,
    int Node,
    decimal FirstBandPerGpuHour,
    decimal RestPerGpuHour,
    decimal SpotPerGpuHour,
    decimal Grant)
{
    public const int Seconds = 14;
    public const decimal TaxRate = 0.08m;

    /// <summary>The first band of the on-demand rate: 36 GPU-seconds, which five GPUs leave in the run's eighth second.</summary>
    public const decimal FirstBandGpuHours = 0.01m;

    public static readonly int[] OnDemandGpus = [0, 1, 2, 3, 4];
    public static readonly int[] SpotGpus = [5, 6, 7];

    public string RateCardId => $"trial-{Currency.ToLowerInvariant()}";

    public string Model => ModelOf(Node);

    public Allocation[] Allocations =>
    [
        new(TenantId, Node, OnDemandGpus),
        new(TenantId, Node, SpotGpus, "spot"),
    ];

    /// <summary>What the tenant's first <paramref name="seconds"/> seconds cost before tax, line by line as the invoice writes them.</summary>
    public IReadOnlyList<decimal> LinesAfter(int seconds)
    {
        var onDemand = (decimal)OnDemandGpus.Length * seconds;
        var firstBand = Math.Min(onDemand, FirstBandGpuHours * 3600m);
        return
        [
            Rounded(firstBand * FirstBandPerGpuHour / 3600m),
            Rounded((onDemand - firstBand) * RestPerGpuHour / 3600m),
            Rounded((decimal)SpotGpus.Length * seconds * SpotPerGpuHour / 3600m),
        ];
    }

    public decimal ChargesAfter(int seconds) => LinesAfter(seconds).Sum();

    /// <summary>The run's second (0-based) in which the charges reach the grant: the credit is spent in it.</summary>
    public int SpendingSecond => Enumerable.Range(0, Seconds).First(s => ChargesAfter(s + 1) >= Grant);

    /// <summary>
    /// The instant the last minor unit of the grant is used: within the spending second, the charges
    /// grow evenly (every GPU held is billed for the whole second).
    /// </summary>
    public DateTimeOffset SpentAt(DateTimeOffset startAt)
    {
        var before = ChargesAfter(SpendingSecond);
        var fraction = (Grant - before) / (ChargesAfter(SpendingSecond + 1) - before);
        return startAt.AddSeconds(SpendingSecond).AddTicks((long)(fraction * TimeSpan.TicksPerSecond));
    }

    public decimal Subtotal => ChargesAfter(Seconds);

    /// <summary>The trial is promotional: taken off before tax, so tax is on the rest.</summary>
    public decimal Tax => Rounded((Subtotal - Grant) * TaxRate);

    public decimal AmountDue => Subtotal - Grant + Tax;

    public decimal Rounded(decimal amount) => Math.Round(amount, MinorDigits, MidpointRounding.ToEven);

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(Zone);

    /// <summary>Monthly periods from the local day ten minutes ago: the period holds the run and pricing's clock, which runs behind.</summary>
    public int AnchorDay(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now.AddMinutes(-10), TimeZone).Day;

    public BillingPeriod Period(DateTimeOffset startAt, int anchorDay) => BillingPeriod.Containing(startAt, TimeZone, anchorDay);

    public object RateCardRequest(DateTimeOffset effectiveFrom) => new
    {
        currency = Currency,
        effectiveFrom,
        terms = new
        {
            rates = new object[]
            {
                new
                {
                    key = new { gpuModel = Model, migProfile = (string?)null, allocationClass = "on-demand" },
                    model = "graduated",
                    pricePerGpuHour = (decimal?)null,
                    tiers = new[]
                    {
                        new { upToGpuHours = (decimal?)FirstBandGpuHours, pricePerGpuHour = FirstBandPerGpuHour },
                        new { upToGpuHours = (decimal?)null, pricePerGpuHour = RestPerGpuHour },
                    },
                },
                new
                {
                    key = new { gpuModel = Model, migProfile = (string?)null, allocationClass = "spot" },
                    model = "per-unit",
                    pricePerGpuHour = (decimal?)SpotPerGpuHour,
                    tiers = Array.Empty<object>(),
                },
            },
        },
    };

    public object AccountRequest(int anchorDay) => new
    {
        tenantId = TenantId,
        currencyCode = Currency,
        timeZoneId = Zone,
        anchorDay,
        gracePeriod = "00:00:00",
        paymentTermsDays = 30,
        taxRate = TaxRate,
        issuerId = $"gpucloud-{Currency.ToLowerInvariant()}",
        issuer = new { name = "GPU Cloud Inc.", address = new { lines = new[] { "1 Compute Way" }, city = "Ashburn", postalCode = "20147", region = "VA", countryCode = "US" }, taxId = "US-12-3456789" },
        customer = new { name = $"{TenantId} KK", address = new { lines = new[] { "1-1 Marunouchi" }, city = "Tokyo", postalCode = "100-0005", region = "Tokyo", countryCode = "JP" }, taxId = (string?)null },
        rateCardId = RateCardId,
    };
}
