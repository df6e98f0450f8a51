namespace Webhooks.Deliveries;

/// <summary>
/// The waits before each attempt (the first is normally zero: at once). The default is the
/// Standard Webhooks specification's example, about three days in all; <c>Webhooks:RetrySchedule</c>
/// replaces it (tests shorten it to fractions of a second).
/// </summary>
public sealed class RetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Standard =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    private readonly IReadOnlyList<TimeSpan> _waits;

    public RetrySchedule(IReadOnlyList<TimeSpan> waits)
    {
        if (waits.Count == 0 || waits.Any(w => w < TimeSpan.Zero))
            throw new ArgumentException("A retry schedule has at least one wait and none negative.", nameof(waits));
        _waits = waits;
    }

    public int Attempts => _waits.Count;

    public TimeSpan Longest => _waits.Max();

    /// <summary>The wait before attempt <paramref name="attempt"/> (1 is the first), or null past the last.</summary>
    public TimeSpan? DelayBefore(int attempt) => attempt >= 1 && attempt <= _waits.Count ? _waits[attempt - 1] : null;
}
