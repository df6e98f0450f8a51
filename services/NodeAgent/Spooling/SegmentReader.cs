using System.Buffers.Binary;

namespace NodeAgent.Spooling;

/// <summary>Reads a segment's records in order, checking each one's length and checksum.</summary>
internal sealed class SegmentReader : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _header = new byte[SpoolRecords.HeaderBytes];
    private byte[] _payload = new byte[4096];

    public SegmentReader(string path, long offset, long segmentId = 0)
    {
        SegmentId = segmentId;
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        _file.Position = offset;
    }

    public long SegmentId { get; }

    /// <summary>Where the record last asked for starts: after every whole record before it.</summary>
    public long Position { get; private set; }

    public ReadResult Next(long end, out BinaryReader payload)
    {
        payload = null!;
        Position = _file.Position;
        if (Position >= end) return ReadResult.End;
        if (end - Position < SpoolRecords.HeaderBytes) return ReadResult.Torn;
        _file.ReadExactly(_header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        if (length <= 0 || length > SpoolRecords.MaxPayloadBytes || length > end - Position - SpoolRecords.HeaderBytes)
            return ReadResult.Torn;
        if (_payload.Length < length) _payload = new byte[Math.Max(length, _payload.Length * 2)];
        _file.ReadExactly(_payload, 0, length);
        if (SpoolRecords.Checksum(_payload.AsSpan(0, length)) != BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(4)))
            return ReadResult.Torn;
        payload = new BinaryReader(new MemoryStream(_payload, 0, length, writable: false));
        return ReadResult.Record;
    }

    /// <summary>Where the record after the one just read starts.</summary>
    public long After => _file.Position;

    public void Dispose() => _file.Dispose();
}

internal enum ReadResult
{
    Record,
    End,
    Torn,
}
