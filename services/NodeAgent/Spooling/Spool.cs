using System.Text.Json;
using Metering.Contracts;

namespace NodeAgent.Spooling;

public sealed class SpoolOptions
{
    public string Path { get; set; } = "spool";

    /// <summary>
    /// Flush every sample to the disk before it counts as spooled. Without it a crash of the
    /// agent still loses nothing (the page cache survives the process); a power cut may.
    /// </summary>
    public bool Fsync { get; set; } = true;
}

/// <summary>A sampled second waiting in the spool until the broker confirms it.</summary>
public sealed record SpooledSecond(string NodeId, NodeSecond Second, string File);

/// <summary>
/// Every sample is written here before it is published and deleted only once the broker has
/// confirmed it, so a broker outage or a crash of the agent costs delay, never a second. One
/// file per second per node: a half-written file is never renamed into place, so a crash
/// leaves either the whole sample or none. The sequence of a node is the highest one it has
/// ever spooled plus one, kept in its own file so it survives an empty spool.
/// </summary>
public sealed class Spool
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SpoolOptions _options;
    private readonly ILogger<Spool> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, SpooledSecond>> _pending = [];
    private readonly Dictionary<string, long> _nextSequence = [];

    public Spool(SpoolOptions options, ILogger<Spool> logger)
    {
        _options = options;
        _logger = logger;
        Directory.CreateDirectory(options.Path);
        foreach (var nodeDirectory in Directory.EnumerateDirectories(options.Path)) Recover(nodeDirectory);
    }

    public int PendingCount
    {
        get { lock (_lock) return _pending.Values.Sum(p => p.Count); }
    }

    /// <summary>Spools one sampled second of a node, giving it the node's next sequence number.</summary>
    public async Task<SpooledSecond> AppendAsync(string nodeId, DateTimeOffset second, IReadOnlyList<GpuSample> gpus,
        CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.Combine(_options.Path, nodeId);
        long sequence;
        lock (_lock)
        {
            sequence = _nextSequence.GetValueOrDefault(nodeId);
            _nextSequence[nodeId] = sequence + 1;
        }
        Directory.CreateDirectory(directory);
        await WriteAtomicallyAsync(System.IO.Path.Combine(directory, "next-sequence"), (sequence + 1).ToString(), cancellationToken);

        var nodeSecond = new NodeSecond { Sequence = sequence, Second = second, Gpus = gpus };
        var file = System.IO.Path.Combine(directory, $"{sequence:D19}.json");
        await WriteAtomicallyAsync(file, JsonSerializer.Serialize(nodeSecond, Json), cancellationToken);

        var spooled = new SpooledSecond(nodeId, nodeSecond, file);
        lock (_lock) PendingOf(nodeId)[sequence] = spooled;
        return spooled;
    }

    /// <summary>The oldest pending seconds of each node, at most <paramref name="perNode"/> of each.</summary>
    public List<IReadOnlyList<SpooledSecond>> Oldest(int perNode)
    {
        lock (_lock)
        {
            return _pending.Values
                .Where(p => p.Count > 0)
                .Select(p => (IReadOnlyList<SpooledSecond>)p.Values.Take(perNode).ToList())
                .ToList();
        }
    }

    /// <summary>The broker has confirmed these: they leave the spool.</summary>
    public void Confirm(IEnumerable<SpooledSecond> confirmed)
    {
        foreach (var spooled in confirmed)
        {
            File.Delete(spooled.File);
            lock (_lock) PendingOf(spooled.NodeId).Remove(spooled.Second.Sequence);
        }
    }

    private void Recover(string directory)
    {
        var nodeId = System.IO.Path.GetFileName(directory);
        var pending = PendingOf(nodeId);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            try
            {
                var second = JsonSerializer.Deserialize<NodeSecond>(File.ReadAllText(file), Json)
                    ?? throw new JsonException("The file holds null.");
                pending[second.Sequence] = new SpooledSecond(nodeId, second, file);
            }
            catch (JsonException e)
            {
                // A power cut can leave a renamed but unflushed file. Keep it for an operator
                // rather than refuse to start and stop sampling every other second.
                File.Move(file, file + ".corrupt", overwrite: true);
                _logger.LogError(e, "Spooled sample {File} is unreadable; kept as {File}.corrupt", file, file);
            }
        }
        var sequenceFile = System.IO.Path.Combine(directory, "next-sequence");
        var stored = File.Exists(sequenceFile) && long.TryParse(File.ReadAllText(sequenceFile), out var next) ? next : 0;
        _nextSequence[nodeId] = Math.Max(stored, pending.Count > 0 ? pending.Keys.Max() + 1 : 0);
        foreach (var orphan in Directory.EnumerateFiles(directory, "*.tmp")) File.Delete(orphan);
    }

    private SortedDictionary<long, SpooledSecond> PendingOf(string nodeId)
    {
        if (!_pending.TryGetValue(nodeId, out var pending)) _pending[nodeId] = pending = [];
        return pending;
    }

    private async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096,
                         FileOptions.Asynchronous))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);
            if (_options.Fsync) stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
