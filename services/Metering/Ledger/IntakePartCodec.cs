namespace Metering.Ledger;

/// <summary>
/// A part's GPU groups as the intake stores them: a small binary form written once per report
/// window and read once by the sealer, rather than JSON that PostgreSQL would parse and check on
/// the way in and out. Decimals keep their scale (what the event's JSON prints), and a version
/// byte leads so that a later form can be told apart.
/// </summary>
public static class IntakePartCodec
{
    private const byte Version = 1;

    public static byte[] Encode(IReadOnlyList<IntakeGpu> gpus)
    {
        using var buffer = new MemoryStream(64 + gpus.Count * 128);
        using var writer = new BinaryWriter(buffer);
        writer.Write(Version);
        writer.Write7BitEncodedInt(gpus.Count);
        foreach (var gpu in gpus)
        {
            var usage = gpu.Usage;
            writer.Write(usage.GpuUuid);
            writer.Write(usage.Model);
            WriteNullable(writer, usage.MigProfile);
            WriteNullable(writer, usage.TenantId);
            WriteNullable(writer, usage.WorkloadId);
            WriteNullable(writer, usage.AllocationClass);
            WriteSeconds(writer, usage.Seconds);
            var sums = usage.Sums;
            writer.Write(sums.UtilizationPercentSeconds);
            writer.Write7BitEncodedInt(sums.UtilizationSamples);
            writer.Write7BitEncodedInt64(sums.MemoryMiBSeconds);
            writer.Write7BitEncodedInt(sums.MemorySamples);
            writer.Write(sums.PowerJoules);
            writer.Write7BitEncodedInt(sums.PowerSamples);
            WriteEnergy(writer, gpu.FirstEnergyAt, sums.FirstEnergyMillijoules);
            WriteEnergy(writer, gpu.LastEnergyAt, sums.LastEnergyMillijoules);
        }
        writer.Flush();
        return buffer.ToArray();
    }

    /// <exception cref="FormatException">Bytes this codec did not write.</exception>
    public static List<IntakeGpu> Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        if (reader.ReadByte() is var version && version != Version)
            throw new FormatException($"Intake part form {version} is not one this version reads ({Version}).");
        var count = reader.Read7BitEncodedInt();
        var gpus = new List<IntakeGpu>(count);
        for (var i = 0; i < count; i++)
        {
            var uuid = reader.ReadString();
            var model = reader.ReadString();
            var mig = ReadNullable(reader);
            var tenant = ReadNullable(reader);
            var workload = ReadNullable(reader);
            var allocationClass = ReadNullable(reader);
            var seconds = ReadSeconds(reader);
            var utilization = reader.ReadDecimal();
            var utilizationSamples = reader.Read7BitEncodedInt();
            var memory = reader.Read7BitEncodedInt64();
            var memorySamples = reader.Read7BitEncodedInt();
            var power = reader.ReadDecimal();
            var powerSamples = reader.Read7BitEncodedInt();
            var (firstAt, first) = ReadEnergy(reader);
            var (lastAt, last) = ReadEnergy(reader);
            gpus.Add(new IntakeGpu(
                new GpuUsage(uuid, model, mig, tenant, workload, seconds,
                    new DimensionSums(utilization, utilizationSamples, memory, memorySamples, power, powerSamples, first, last),
                    allocationClass),
                firstAt,
                lastAt));
        }
        if (reader.BaseStream.Position != bytes.Length) throw new FormatException("Bytes left over after the intake part's last GPU.");
        return gpus;
    }

    private static void WriteNullable(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null) writer.Write(text);
    }

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>As runs of consecutive seconds: a window's GPU is usually one or two.</summary>
    private static void WriteSeconds(BinaryWriter writer, SecondSet seconds)
    {
        writer.Write7BitEncodedInt(seconds.Runs.Length);
        foreach (var run in seconds.Runs)
        {
            writer.Write7BitEncodedInt(run.First);
            writer.Write7BitEncodedInt(run.Last - run.First);
        }
    }

    private static SecondSet ReadSeconds(BinaryReader reader)
    {
        var runs = new SecondRun[reader.Read7BitEncodedInt()];
        for (var i = 0; i < runs.Length; i++)
        {
            var first = reader.Read7BitEncodedInt();
            runs[i] = new SecondRun(first, first + reader.Read7BitEncodedInt());
        }
        return SecondSet.OfRuns(runs);
    }

    private static void WriteEnergy(BinaryWriter writer, int? at, long? millijoules)
    {
        writer.Write(at is not null);
        if (at is null) return;
        writer.Write7BitEncodedInt(at.Value);
        writer.Write7BitEncodedInt64(millijoules!.Value);
    }

    private static (int? At, long? Millijoules) ReadEnergy(BinaryReader reader) =>
        reader.ReadBoolean() ? (reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt64()) : (null, null);
}
