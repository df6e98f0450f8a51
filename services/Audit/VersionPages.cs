namespace Audit;

/// <summary>
/// How the auditor's long reads are paged: by stream version, the events after version `after`,
/// `limit` at a time. Pages are larger than the API's lists (`Pages`): a busy month's streams hold
/// millions of events, and an auditor reads them all.
/// </summary>
public static class VersionPages
{
    public const int DefaultSize = 500;
    public const int MaxSize = 5_000;

    /// <summary>Adds to <paramref name="errors"/> what is wrong with the page asked for, in words naming the <paramref name="events"/> it counts.</summary>
    public static void AddProblems(Dictionary<string, string[]> errors, long? after, int? limit, string events)
    {
        if (after < 0) errors["after"] = ["A stream version is 0 or more."];
        if (limit is < 1 or > MaxSize) errors["limit"] = [$"Between 1 and {MaxSize} {events} a page."];
    }

    /// <summary>The versions the page spans, after <c>From</c> up to <c>To</c> inclusive, never past <paramref name="last"/>.</summary>
    public static (long From, long To) Of(long? after, int? limit, long last)
    {
        var from = after ?? 0;
        return (from, Math.Min(last, from + (limit ?? DefaultSize)));
    }
}
