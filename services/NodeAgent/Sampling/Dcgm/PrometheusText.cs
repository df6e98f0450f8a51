using System.Globalization;
using System.Text;

namespace NodeAgent.Sampling.Dcgm;

/// <summary>One sample line of the Prometheus text format: its metric name, labels and value.</summary>
/// <param name="Value">Null where the value is not a finite number (NaN, ±Inf, or text an exporter printed in its place).</param>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, decimal? Value);

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4), as dcgm-exporter serves it:
/// <c># HELP</c>/<c># TYPE</c> comments, then <c>name{label="value",...} value [timestamp]</c>.
/// </summary>
internal static class PrometheusText
{
    /// <exception cref="FormatException">
    /// A line is not a sample. The whole answer is refused rather than read in part: a GPU missing
    /// from a half-read answer would go unbilled for as long as that answer stands.
    /// </exception>
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseSample(line));
        }
        return samples;
    }

    private static PrometheusSample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] != '{' && !char.IsWhiteSpace(line[position])) position++;
        var name = line[..position];
        if (!IsMetricName(name)) throw new FormatException($"Not a Prometheus sample: '{line}'.");

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{') position = ReadLabels(line, position + 1, labels);

        var rest = line[position..].Trim();
        if (rest.Length == 0) throw new FormatException($"A Prometheus sample without a value: '{line}'.");
        // A timestamp may follow the value; the agent stamps seconds itself.
        var valueText = rest.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
        // Dividing by one with trailing zeros drops the exporter's printf padding ("78.174000" is 78.174).
        decimal? value = decimal.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed / 1.000000000000000000000000000000000m
            : null;
        return new PrometheusSample(name, labels, value);
    }

    /// <returns>The position just after the closing brace.</returns>
    private static int ReadLabels(string line, int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            position = SkipSpaces(line, position);
            if (position < line.Length && line[position] == '}') return position + 1;

            var equals = line.IndexOf('=', position);
            if (equals < 0) throw new FormatException($"A label without a value: '{line}'.");
            var labelName = line[position..equals].Trim();
            position = SkipSpaces(line, equals + 1);
            if (position >= line.Length || line[position] != '"') throw new FormatException($"A label value is not quoted: '{line}'.");

            var value = new StringBuilder();
            for (position++; ; position++)
            {
                if (position >= line.Length) throw new FormatException($"A label value is not closed: '{line}'.");
                var c = line[position];
                if (c == '"') break;
                if (c == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else value.Append(c);
            }
            labels[labelName] = value.ToString();

            position = SkipSpaces(line, position + 1);
            if (position < line.Length && line[position] == ',') position++;
            else if (position >= line.Length || line[position] != '}') throw new FormatException($"Labels are not closed: '{line}'.");
        }
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static int SkipSpaces(string line, int position)
    {
        while (position < line.Length && char.IsWhiteSpace(line[position])) position++;
        return position;
    }
}
