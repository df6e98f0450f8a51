using System.Globalization;
using System.Text;

namespace Metering.Contracts;

/// <summary>
/// Run-length text for sets of whole numbers, "3-7,9" for {3,4,5,6,7,9}: how
/// <see cref="AllocatedUsage.Seconds"/> names the seconds of an hour, exactly and compactly.
/// </summary>
public static class Runs
{
    public static string Format(IEnumerable<long> ascending)
    {
        var text = new StringBuilder();
        long? start = null, end = null;
        foreach (var n in ascending)
        {
            if (end is { } e && n == e + 1) { end = n; continue; }
            Append(text, start, end);
            start = end = n;
        }
        Append(text, start, end);
        return text.ToString();
    }

    public static IEnumerable<long> Parse(string runs)
    {
        foreach (var (first, last) in ParseRanges(runs))
            for (var n = first; n <= last; n++) yield return n;
    }

    /// <summary>Each run as its first and last number (inclusive), in the order written.</summary>
    public static IEnumerable<(long First, long Last)> ParseRanges(string runs)
    {
        if (string.IsNullOrEmpty(runs)) yield break;
        foreach (var run in runs.Split(','))
        {
            var dash = run.IndexOf('-', 1);
            var first = long.Parse(dash < 0 ? run : run[..dash], CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : long.Parse(run[(dash + 1)..], CultureInfo.InvariantCulture);
            yield return (first, last);
        }
    }

    private static void Append(StringBuilder text, long? start, long? end)
    {
        if (start is not { } s || end is not { } e) return;
        if (text.Length > 0) text.Append(',');
        text.Append(s);
        if (e != s) text.Append('-').Append(e);
    }
}
