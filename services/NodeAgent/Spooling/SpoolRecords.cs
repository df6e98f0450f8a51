using System.Buffers.Binary;
using System.Numerics;
using Metering.Contracts;

namespace NodeAgent.Spooling;

/// <summary>
/// How a record is framed in a segment: its payload's length and CRC-32C (4 bytes each, little
/// endian), then the payload. A record cut short by a crash or damaged on disk fails the length
/// or the checksum, so it is cut instead of misread. Payloads are binary: a node-second is read
/// back exactly as it was sampled (decimals keep their scale, nulls stay null).
/// </summary>
internal static class SpoolRecords
{
    public const int HeaderBytes = 8;

    /// <summary>Far more than any node-second; a longer length can only be damage.</summary>
    public const int MaxPayloadBytes = 16 << 20;

    public const byte NodeSecondKind = 1;

    /// <summary>Each node's next sequence, first in every segment, so a sequence survives its seconds' segments.</summary>
    public const byte SequencesKind = 2;

    public static uint Checksum(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>Starts a record in <paramref name="buffer"/> (reused record after record); its payload follows.</summary>
    public static void Begin(MemoryStream buffer)
    {
        buffer.SetLength(HeaderBytes);
        buffer.Position = HeaderBytes;
    }

    /// <summary>The whole record: the header filled in for the payload written since <see cref="Begin"/>.</summary>
    public static ReadOnlySpan<byte> End(MemoryStream buffer, BinaryWriter writer)
    {
        writer.Flush();
        var frame = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Checksum(frame[HeaderBytes..]));
        return frame;
    }

    public static void WriteNodeSecond(BinaryWriter writer, string nodeId, NodeSecond second)
    {
        writer.Write(NodeSecondKind);
        writer.Write(nodeId);
        writer.Write(second.Sequence);
        writer.Write(second.Second.UtcTicks);
        writer.Write7BitEncodedInt(second.Gpus.Count);
        foreach (var gpu in second.Gpus)
        {
            var present = (gpu.MigProfile is null ? 0 : 1) | (gpu.Allocation is null ? 0 : 2)
                | (gpu.UtilizationPercent is null ? 0 : 4) | (gpu.MemoryUsedMiB is null ? 0 : 8)
                | (gpu.PowerWatts is null ? 0 : 16) | (gpu.EnergyMillijoules is null ? 0 : 32);
            writer.Write((byte)present);
            writer.Write(gpu.GpuUuid);
            writer.Write(gpu.Model);
            if (gpu.MigProfile is { } profile) writer.Write(profile);
            if (gpu.Allocation is { } allocation)
            {
                writer.Write(allocation.TenantId);
                writer.Write(allocation.WorkloadId);
                writer.Write(allocation.AllocationClass);
            }
            if (gpu.UtilizationPercent is { } utilization) writer.Write(utilization);
            if (gpu.MemoryUsedMiB is { } memory) writer.Write(memory);
            if (gpu.PowerWatts is { } power) writer.Write(power);
            if (gpu.EnergyMillijoules is { } energy) writer.Write(energy);
        }
    }

    public static (string NodeId, NodeSecond Second) ReadNodeSecond(BinaryReader reader)
    {
        var nodeId = reader.ReadString();
        var sequence = reader.ReadInt64();
        var second = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var gpus = new GpuSample[reader.Read7BitEncodedInt()];
        for (var i = 0; i < gpus.Length; i++)
        {
            var present = reader.ReadByte();
            var uuid = reader.ReadString();
            var model = reader.ReadString();
            var profile = (present & 1) != 0 ? reader.ReadString() : null;
            var allocation = (present & 2) != 0
                ? new GpuAllocation(reader.ReadString(), reader.ReadString()) { AllocationClass = reader.ReadString() }
                : null;
            gpus[i] = new GpuSample
            {
                GpuUuid = uuid,
                Model = model,
                MigProfile = profile,
                Allocation = allocation,
                UtilizationPercent = (present & 4) != 0 ? reader.ReadDecimal() : null,
                MemoryUsedMiB = (present & 8) != 0 ? reader.ReadInt64() : null,
                PowerWatts = (present & 16) != 0 ? reader.ReadDecimal() : null,
                EnergyMillijoules = (present & 32) != 0 ? reader.ReadInt64() : null,
            };
        }
        return (nodeId, new NodeSecond { Sequence = sequence, Second = second, Gpus = gpus });
    }

    public static void WriteSequences(BinaryWriter writer, IReadOnlyCollection<KeyValuePair<string, long>> nextSequences)
    {
        writer.Write(SequencesKind);
        writer.Write7BitEncodedInt(nextSequences.Count);
        foreach (var (nodeId, next) in nextSequences)
        {
            writer.Write(nodeId);
            writer.Write(next);
        }
    }

    public static List<(string NodeId, long Next)> ReadSequences(BinaryReader reader)
    {
        var sequences = new List<(string, long)>();
        for (var count = reader.Read7BitEncodedInt(); count > 0; count--) sequences.Add((reader.ReadString(), reader.ReadInt64()));
        return sequences;
    }
}
