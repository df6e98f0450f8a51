using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeAgent.Sampling.NvidiaSmi;

/// <summary>
/// Turns the lines of one long-running <c>nvidia-smi --query-gpu=... --format=csv --loop-ms=...</c>
/// into readings: one per sampling round, at most one per UTC second.
/// </summary>
/// <remarks>
/// Columns are found by their header names, so a reordered or extended query still parses.
/// A round (one line per GPU) ends when a header line comes, when a GPU already in the round
/// comes again, or when nvidia-smi's timestamp jumps by <c>roundGap</c> or more since the
/// previous line: lines of one round are milliseconds apart, rounds a sampling interval apart.
/// The jump catches what the other two cannot, a round whose GPUs are all different from the
/// last one's (one GPU fell off the bus and another came back).
/// </remarks>
internal sealed partial class NvidiaSmiCsvParser(string nodeId, TimeSpan roundGap)
{
    /// <summary>
    /// The fields the source asks for. Energy is not among them: nvidia-smi has no query field
    /// for NVML's total energy counter (<c>--help-query-gpu</c> of drivers 590 to 610 lists
    /// none), so readings from this source carry no energy; an NVML source can.
    /// <c>power.draw</c> is the one-second average on Ampere and newer, the right figure for a
    /// per-second sample.
    /// </summary>
    public const string QueryFields = "timestamp,uuid,name,utilization.gpu,memory.used,power.draw";

    private readonly List<GpuReading> _round = [];
    private Columns? _columns;
    private DateTimeOffset _roundReadAt;
    private DateTime? _previousTimestamp;
    private DateTimeOffset? _lastSecond;

    /// <summary>Takes one line and returns the reading of the round it ended, if it ended one.</summary>
    /// <param name="readAt">
    /// When the agent read the line. A reading is stamped with the UTC second its first line was
    /// read in, not with nvidia-smi's timestamp: that one is the machine's local time with no
    /// zone or offset, ambiguous in the hour a DST change repeats and wrong whenever the zone
    /// setting changes under the agent.
    /// </param>
    /// <exception cref="FormatException">The line cannot be read; the round so far is kept.</exception>
    public NodeReading? Read(string line, DateTimeOffset readAt)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        var cells = line.Split(',', StringSplitOptions.TrimEntries);
        if (cells.Contains("uuid"))
        {
            var header = Columns.FromHeader(cells);
            var previous = Flush();
            _columns = header;
            return previous;
        }

        var columns = _columns ?? throw new FormatException($"A data line came before any header: '{line}'.");
        var (gpu, timestamp) = columns.Parse(cells);
        var ended = EndsRound(gpu, timestamp) ? Flush() : null;
        if (_round.Count == 0)
        {
            _roundReadAt = readAt;
        }
        _round.Add(gpu);
        _previousTimestamp = timestamp;
        return ended;
    }

    /// <summary>Ends the round in progress: at the end of nvidia-smi's output, or before a new header.</summary>
    public NodeReading? Flush()
    {
        if (_round.Count == 0)
        {
            return null;
        }

        var second = WholeUtcSecond(_roundReadAt);
        var gpus = _round.ToArray();
        _round.Clear();

        // The first round of a second stands for it. A later one in the same second, or one
        // stamped before it after the clock was stepped back, would report a second twice.
        if (second <= _lastSecond)
        {
            return null;
        }
        _lastSecond = second;
        return new NodeReading(nodeId, second, gpus);
    }

    private bool EndsRound(GpuReading gpu, DateTime? timestamp) =>
        _round.Count > 0
        && (_round.Exists(g => g.GpuUuid == gpu.GpuUuid)
            || (timestamp - _previousTimestamp)?.Duration() >= roundGap);

    private static DateTimeOffset WholeUtcSecond(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary>Where each field is and which unit its header announced ("memory.used [MiB]").</summary>
    private sealed partial class Columns
    {
        private readonly Dictionary<string, (int Index, string? Unit)> _byName;
        private readonly int _count;

        private Columns(Dictionary<string, (int Index, string? Unit)> byName, int count)
        {
            _byName = byName;
            _count = count;
        }

        public static Columns FromHeader(string[] cells)
        {
            var byName = new Dictionary<string, (int, string?)>();
            for (var i = 0; i < cells.Length; i++)
            {
                var match = HeaderCell().Match(cells[i]);
                var unit = match.Groups["unit"];
                byName[match.Groups["name"].Value] = (i, unit.Success ? unit.Value : null);
            }
            if (!byName.ContainsKey("name"))
            {
                throw new FormatException($"The header has no 'name' column: '{string.Join(", ", cells)}'.");
            }
            return new Columns(byName, cells.Length);
        }

        public (GpuReading Gpu, DateTime? Timestamp) Parse(string[] cells)
        {
            if (cells.Length != _count)
            {
                throw new FormatException($"Expected {_count} fields, got {cells.Length}: '{string.Join(", ", cells)}'.");
            }

            var gpu = new GpuReading(
                GpuUuid: Required(cells, "uuid"),
                Model: Required(cells, "name"),
                MigProfile: null,
                UtilizationPercent: Decimal(cells, "utilization.gpu"),
                MemoryUsedMiB: Long(cells, "memory.used"),
                PowerWatts: Decimal(cells, "power.draw"),
                EnergyMillijoules: null);
            return (gpu, Timestamp(cells));
        }

        private string Required(string[] cells, string field) =>
            Value(cells, field) ?? throw new FormatException($"'{field}' is missing or unavailable: '{string.Join(", ", cells)}'.");

        private decimal? Decimal(string[] cells, string field) =>
            Value(cells, field) is { } text
                ? decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new FormatException($"'{field}' is not a number: '{text}'.")
                : null;

        private long? Long(string[] cells, string field) =>
            Value(cells, field) is { } text
                ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new FormatException($"'{field}' is not a whole number: '{text}'.")
                : null;

        // Only a hint for where rounds end, so a timestamp that does not parse is no reason
        // to drop a GPU's reading.
        private DateTime? Timestamp(string[] cells) =>
            Value(cells, "timestamp") is { } text
            && DateTime.TryParseExact(text, "yyyy/MM/dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp)
                ? timestamp
                : null;

        /// <summary>The value without its unit; null where nvidia-smi could not read it.</summary>
        private string? Value(string[] cells, string field)
        {
            if (!_byName.TryGetValue(field, out var column))
            {
                return null;
            }

            var text = cells[column.Index];
            // nvidia-smi brackets every value it could not get: [N/A], [Not Supported],
            // [Unknown Error], [GPU is lost], [Requested functionality has been deprecated]...
            // Older drivers print a bare N/A.
            if (text == "N/A" || (text.StartsWith('[') && text.EndsWith(']')))
            {
                return null;
            }
            return column.Unit is { } unit && text.EndsWith(unit, StringComparison.Ordinal)
                ? text[..^unit.Length].TrimEnd()
                : text;
        }

        [GeneratedRegex(@"^(?<name>[^\[]*?)\s*(?:\[(?<unit>[^\]]*)\])?$")]
        private static partial Regex HeaderCell();
    }
}
