using System.Diagnostics.Metrics;
using System.Text;
using Metering.Contracts;

namespace NodeAgent.Spooling;

/// <summary>A sampled second waiting in the spool until the broker confirms it.</summary>
public sealed record SpooledSecond(string NodeId, NodeSecond Second, long Segment)
{
    /// <summary>Confirmed by the broker, or dropped at the cap: it no longer counts as pending.</summary>
    internal bool Resolved;
}

/// <summary>
/// Every sample is written here before it is published and leaves only once the broker has
/// confirmed it, so a broker outage or a crash of the agent costs delay, never a second (up to
/// the cap, which drops oldest first and says so). One append-only log per agent process, in
/// segments of bounded size: the sampler appends and commits (one flush per window, the group
/// commit), the publisher reads committed seconds oldest first and confirms them, and a segment
/// is deleted whole once all of its seconds are confirmed. A node's sequence is the highest it
/// ever had plus one: each segment starts with every node's next sequence, and the checkpoint
/// keeps them (and what the broker confirmed) when no segment is left.
/// </summary>
/// <remarks>
/// <see cref="Append"/> and <see cref="Commit"/> are the sampler's (one thread); <see cref="Oldest"/>
/// and <see cref="Confirm"/> the publisher's, from any thread.
/// </remarks>
public sealed class Spool : IDisposable
{
    public const string MeterName = "NodeAgent.Spool";

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(5);

    private readonly SpoolOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<Spool> _logger;
    private readonly SpoolCap _cap;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Segment> _segments = [];
    private readonly Dictionary<string, NodeState> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _confirmedAtStart;

    // Seconds pending (committed, neither confirmed nor dropped), and those of them decoded in memory.
    private long _pending;
    private int _inMemory;

    // Every pending second before this point of the log is in memory; from it on, only on disk.
    private long _frontierSegment;
    private long _frontierOffset;
    private SegmentReader? _frontierReader;

    private bool _checkpointChanged;
    private DateTimeOffset _checkpointedAt;

    // The sampler's side.
    private Segment _active;
    private FileStream _activeFile;
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _writer;
    private readonly List<SpooledSecond> _uncommitted = [];

    public Spool(SpoolOptions options, TimeProvider clock, IMeterFactory meters, ILogger<Spool> logger)
    {
        options.Validate();
        _options = options;
        _clock = clock;
        _checkpointedAt = clock.GetUtcNow();
        _logger = logger;
        _writer = new BinaryWriter(_buffer, new UTF8Encoding(false), leaveOpen: true);
        _cap = new SpoolCap(meters.Create(MeterName), logger, () => Volatile.Read(ref _pending), () =>
        {
            lock (_lock) return TotalBytes();
        });
        Directory.CreateDirectory(options.Path);

        var checkpoint = Checkpoint.Read(options.Path, logger);
        foreach (var (nodeId, node) in checkpoint)
        {
            var state = NodeOf(nodeId);
            state.NextSequence = node.NextSequence;
            state.ConfirmedThrough = node.ConfirmedThrough;
        }
        _confirmedAtStart = checkpoint.ToDictionary(n => n.Key, n => n.Value.ConfirmedThrough, StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(options.Path, "*" + Segment.Extension).Order(StringComparer.Ordinal))
            Recover(path);

        (_active, _activeFile) = CreateSegment(_segments.Count > 0 ? _segments.Keys.Max() + 1 : 1);
        _segments[_active.Id] = _active;
        foreach (var empty in _segments.Values.Where(s => s.Unresolved == 0 && s != _active).ToList()) Delete(empty);
        _frontierSegment = _segments.Keys.Min();
        _frontierOffset = _frontierSegment == _active.Id ? _active.Committed : 0;
        if (_pending > 0)
            logger.LogInformation("The spool holds {Pending} seconds not yet confirmed by the broker; they are sent again", _pending);

        LegacySpool.Migrate(options.Path, this, logger);
        lock (_lock) EnforceCap();
    }

    /// <summary>Committed seconds the broker has not confirmed yet (on disk, whether in memory or not).</summary>
    public long PendingCount => Volatile.Read(ref _pending);

    /// <summary>Bytes appended since the last commit.</summary>
    public long UncommittedBytes => _active.Written - _active.Committed;

    /// <summary>Node-seconds dropped at the cap since the agent started.</summary>
    public long DroppedSeconds => _cap.DroppedSeconds;

    /// <summary>GPU-seconds in the node-seconds dropped at the cap since the agent started.</summary>
    public long DroppedGpuSeconds => _cap.DroppedGpuSeconds;

    /// <summary>
    /// Writes one sampled second of a node, giving it the node's next sequence number. It is on
    /// disk and handed to the publisher only at the next <see cref="Commit"/>.
    /// </summary>
    public SpooledSecond Append(string nodeId, DateTimeOffset second, IReadOnlyList<GpuSample> gpus)
    {
        long sequence;
        lock (_lock) sequence = NodeOf(nodeId).NextSequence++;
        return Write(nodeId, new NodeSecond { Sequence = sequence, Second = second, Gpus = gpus });
    }

    /// <summary>
    /// The group commit: what was appended since the last commit is flushed (to the disk with
    /// `Fsync`) and only then handed to the publisher. Returns how many seconds it committed.
    /// </summary>
    public int Commit()
    {
        if (_uncommitted.Count == 0) return 0;
        _activeFile.Flush(flushToDisk: _options.Fsync);
        var count = _uncommitted.Count;
        lock (_lock)
        {
            var inMemory = _frontierSegment == _active.Id && _frontierOffset == _active.Committed
                && _inMemory + count <= InMemoryBudget;
            foreach (var spooled in _uncommitted)
            {
                _active.Add(spooled.Second);
                if (inMemory) _nodes[spooled.NodeId].Pending.Enqueue(spooled);
            }
            _active.Committed = _active.Written;
            _pending += count;
            if (inMemory)
            {
                _inMemory += count;
                _frontierOffset = _active.Committed;
            }
            EnforceCap();
            SaveCheckpointIfDue(fsync: false);
        }
        _uncommitted.Clear();
        return count;
    }

    /// <summary>The oldest pending seconds of each node, at most <paramref name="perNode"/> of each.</summary>
    public List<IReadOnlyList<SpooledSecond>> Oldest(int perNode)
    {
        lock (_lock)
        {
            LoadFromDisk();
            var batches = new List<IReadOnlyList<SpooledSecond>>();
            foreach (var node in _nodes.Values)
            {
                if (node.Pending.Count == 0) continue;
                var batch = new List<SpooledSecond>(Math.Min(perNode, node.Pending.Count));
                foreach (var spooled in node.Pending)
                {
                    if (spooled.Resolved) continue;
                    batch.Add(spooled);
                    if (batch.Count == perNode) break;
                }
                if (batch.Count > 0) batches.Add(batch);
            }
            return batches;
        }
    }

    /// <summary>The broker has confirmed these: they leave the spool (their segment once it has nothing else pending).</summary>
    public void Confirm(IEnumerable<SpooledSecond> confirmed)
    {
        lock (_lock)
        {
            foreach (var spooled in confirmed)
            {
                if (spooled.Resolved) continue;
                Resolve(spooled);
                _pending--;
                if (_segments.TryGetValue(spooled.Segment, out var segment))
                {
                    segment.Remove(spooled.Second);
                    if (segment.Unresolved == 0 && segment != _active) Delete(segment);
                }
            }
            _cap.Confirmed();
            SaveCheckpointIfDue(fsync: false);
        }
    }

    /// <summary>
    /// Commits what is left, keeps the checkpoint, and when nothing is pending removes every
    /// segment: a clean stop leaves only the checkpoint (the nodes' next sequences).
    /// </summary>
    public void Dispose()
    {
        Commit();
        lock (_lock)
        {
            _activeFile.Dispose();
            _frontierReader?.Dispose();
            SaveCheckpoint(fsync: true);
            if (_pending == 0)
                foreach (var segment in _segments.Values.ToList()) Delete(segment);
        }
        _writer.Dispose();
    }

    /// <summary>A second read from the file-per-second spool of an agent before the log: it keeps its sequence.</summary>
    internal SpooledSecond AppendMigrated(string nodeId, NodeSecond second)
    {
        RaiseNextSequence(nodeId, second.Sequence + 1);
        return Write(nodeId, second);
    }

    internal void RaiseNextSequence(string nodeId, long next)
    {
        lock (_lock)
        {
            var node = NodeOf(nodeId);
            node.NextSequence = Math.Max(node.NextSequence, next);
        }
    }

    internal void SaveCheckpoint(bool fsync)
    {
        lock (_lock)
        {
            Checkpoint.Write(_options.Path, _nodes.Select(n => KeyValuePair.Create(n.Key,
                new NodeCheckpoint(n.Value.NextSequence, n.Value.ConfirmedThrough))), fsync);
            _checkpointChanged = false;
            _checkpointedAt = _clock.GetUtcNow();
        }
    }

    private SpooledSecond Write(string nodeId, NodeSecond second)
    {
        if (_active.Written >= _options.SegmentBytes) Roll();
        SpoolRecords.Begin(_buffer);
        SpoolRecords.WriteNodeSecond(_writer, nodeId, second);
        var record = SpoolRecords.End(_buffer, _writer);
        _activeFile.Write(record);
        _active.Written += record.Length;
        var spooled = new SpooledSecond(nodeId, second, _active.Id);
        _uncommitted.Add(spooled);
        return spooled;
    }

    /// <summary>Closes the active segment (its seconds committed first) and starts the next.</summary>
    private void Roll()
    {
        Commit();
        var (next, nextFile) = CreateSegment(_active.Id + 1);
        var (closed, closedFile) = (_active, _activeFile);
        lock (_lock)
        {
            _segments[next.Id] = next;
            if (_frontierSegment == closed.Id && _frontierOffset == closed.Committed)
                (_frontierSegment, _frontierOffset) = (next.Id, next.Committed);
            (_active, _activeFile) = (next, nextFile);
            if (closed.Unresolved == 0) Delete(closed);
        }
        closedFile.Dispose();
    }

    /// <summary>A new segment, starting with every node's next sequence, flushed before anything relies on it.</summary>
    private (Segment, FileStream) CreateSegment(long id)
    {
        var segment = new Segment(id, Path.Combine(_options.Path, Segment.FileName(id)));
        var file = new FileStream(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16);
        KeyValuePair<string, long>[] sequences;
        lock (_lock) sequences = _nodes.Select(n => KeyValuePair.Create(n.Key, n.Value.NextSequence)).ToArray();
        SpoolRecords.Begin(_buffer);
        SpoolRecords.WriteSequences(_writer, sequences);
        var header = SpoolRecords.End(_buffer, _writer);
        file.Write(header);
        file.Flush(flushToDisk: _options.Fsync);
        segment.Written = segment.Committed = header.Length;
        return (segment, file);
    }

    /// <summary>
    /// Reads a segment left by an earlier run. A record cut short or damaged (a crash, a power cut)
    /// ends what is read: the segment is cut there, never misread. Seconds the checkpoint says the
    /// broker confirmed are not sent again; any other is (metering counts a second once).
    /// </summary>
    private void Recover(string path)
    {
        if (!Segment.TryParseId(path, out var id)) return;
        var segment = new Segment(id, path);
        var length = new FileInfo(path).Length;
        long validEnd;
        ReadResult result;
        using (var reader = new SegmentReader(path, 0))
        {
            while ((result = reader.Next(length, out var payload)) == ReadResult.Record)
            {
                if (payload.ReadByte() == SpoolRecords.SequencesKind)
                {
                    foreach (var (nodeId, next) in SpoolRecords.ReadSequences(payload)) RaiseNextSequence(nodeId, next);
                    continue;
                }
                var (node, second) = SpoolRecords.ReadNodeSecond(payload);
                RaiseNextSequence(node, second.Sequence + 1);
                if (second.Sequence <= _confirmedAtStart.GetValueOrDefault(node, -1)) continue;
                segment.Add(second);
                _pending++;
            }
            validEnd = reader.Position;
        }
        if (result == ReadResult.Torn)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                file.SetLength(validEnd);
                file.Flush(flushToDisk: true);
            }
            _logger.LogWarning("Spool segment {Segment} ended in a record cut short or damaged; cut {Bytes} bytes from {Offset} (never sent, never confirmed)",
                path, length - validEnd, validEnd);
        }
        segment.Written = segment.Committed = validEnd;
        _segments[id] = segment;
    }

    /// <summary>Decodes pending seconds that are only on disk, oldest first, while memory allows.</summary>
    private int InMemoryBudget => Math.Max(_options.MaxSecondsInMemory, _nodes.Count * _options.SecondsInMemoryPerNode);

    private void LoadFromDisk()
    {
        while (_inMemory < InMemoryBudget)
        {
            if (!_segments.TryGetValue(_frontierSegment, out var segment) || _frontierOffset >= segment.Committed)
            {
                if (segment == _active || !MoveFrontierPast(_frontierSegment)) return;
                continue;
            }
            if (_frontierReader is null || _frontierReader.SegmentId != segment.Id || _frontierReader.After != _frontierOffset)
            {
                _frontierReader?.Dispose();
                _frontierReader = new SegmentReader(segment.Path, _frontierOffset, segment.Id);
            }
            if (_frontierReader.Next(segment.Committed, out var payload) != ReadResult.Record)
            {
                // Only damage after it was written can do this: the rest of the segment stays on disk for an operator.
                _logger.LogError("Spool segment {Segment} is damaged from {Offset}; its {Pending} pending seconds from there are kept, not sent",
                    segment.Path, _frontierOffset, segment.Unresolved);
                if (!MoveFrontierPast(segment.Id)) return;
                continue;
            }
            _frontierOffset = _frontierReader.After;
            if (payload.ReadByte() != SpoolRecords.NodeSecondKind) continue;
            var (nodeId, second) = SpoolRecords.ReadNodeSecond(payload);
            if (second.Sequence <= _confirmedAtStart.GetValueOrDefault(nodeId, -1)) continue;
            NodeOf(nodeId).Pending.Enqueue(new SpooledSecond(nodeId, second, segment.Id));
            _inMemory++;
        }
    }

    private bool MoveFrontierPast(long segmentId)
    {
        var next = _segments.Keys.Where(id => id > segmentId).DefaultIfEmpty(-1).First();
        if (next < 0) return false;
        (_frontierSegment, _frontierOffset) = (next, 0);
        return true;
    }

    /// <summary>Past the cap (size or age) the oldest segment goes, pending seconds and all: counted and logged.</summary>
    private void EnforceCap()
    {
        var now = _clock.GetUtcNow();
        while (_segments.Count > 1)
        {
            var oldest = _segments.First().Value;
            if (oldest == _active) return;
            var overSize = _options.MaxBytes is { } max && TotalBytes() > max;
            var overAge = _options.MaxAge is { } age && oldest.Newest < now - age;
            if (!overSize && !overAge) return;
            var loaded = _nodes.Values.SelectMany(node => node.Pending).Where(s => s.Segment == oldest.Id && !s.Resolved).ToList();
            foreach (var spooled in loaded) Resolve(spooled);
            _pending -= oldest.Unresolved;
            _cap.Dropped(oldest.Unresolved, oldest.UnresolvedGpus, oldest.Oldest, oldest.Newest,
                overSize ? $"Spool:MaxBytes {_options.MaxBytes:N0}" : $"Spool:MaxAge {_options.MaxAge}");
            if (_frontierSegment == oldest.Id) MoveFrontierPast(oldest.Id);
            Delete(oldest);
        }
    }

    private void Resolve(SpooledSecond spooled)
    {
        spooled.Resolved = true;
        _inMemory--;
        var node = _nodes[spooled.NodeId];
        while (node.Pending.TryPeek(out var head) && head.Resolved)
        {
            node.Pending.Dequeue();
            node.ConfirmedThrough = Math.Max(node.ConfirmedThrough, head.Second.Sequence);
            _checkpointChanged = true;
        }
    }

    private void Delete(Segment segment)
    {
        if (_frontierReader?.SegmentId == segment.Id)
        {
            _frontierReader.Dispose();
            _frontierReader = null;
        }
        File.Delete(segment.Path);
        _segments.Remove(segment.Id);
    }

    private long TotalBytes() => _segments.Values.Sum(s => s.Written);

    private void SaveCheckpointIfDue(bool fsync)
    {
        if (_checkpointChanged && _clock.GetUtcNow() - _checkpointedAt >= CheckpointInterval) SaveCheckpoint(fsync);
    }

    private NodeState NodeOf(string nodeId)
    {
        if (!_nodes.TryGetValue(nodeId, out var node)) _nodes[nodeId] = node = new NodeState();
        return node;
    }

    private sealed class NodeState
    {
        public long NextSequence;
        public long ConfirmedThrough = -1;
        public readonly Queue<SpooledSecond> Pending = new();
    }
}
