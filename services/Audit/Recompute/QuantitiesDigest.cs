using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Pricing.Accrual;

namespace Audit.Recompute;

/// <summary>
/// SHA-256 of accrued quantities, over exactly what the ledger hop compares of them (allocation,
/// rate card version, seconds, energy, runs), so the recomputation can keep 32 bytes per ledger
/// event instead of its quantities while a month streams past. Equal digests mean the comparison
/// finds nothing; a difference is then found and named by the full comparison. Strings go in as
/// their UTF-16 code units behind their length, decimals as their value without trailing zeros,
/// instants as UTC ticks: two lists differ in a compared field exactly when their digests differ,
/// short of a SHA-256 collision, which the hash chains rest on too.
/// </summary>
public readonly record struct QuantitiesDigest(UInt128 High, UInt128 Low)
{
    /// <summary>Reused by one fold at a time: folds run on one task each.</summary>
    public sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);

        public QuantitiesDigest Of(IReadOnlyList<AccruedQuantity> quantities)
        {
            _buffer.ResetWrittenCount();
            Int(quantities.Count);
            foreach (var q in quantities)
            {
                Int(q.RateCardVersion);
                Text(q.Key.GpuModel);
                Text(q.Key.MigProfile);
                Text(q.Key.AllocationClass);
                Text(q.WorkloadId);
                Text(q.GpuUuid);
                Long(q.Seconds);
                Text(q.EnergyJoules == 0m ? "0" : Exact(q.EnergyJoules));
                Int(q.Runs.Count);
                foreach (var run in q.Runs)
                {
                    Long(run.From.UtcTicks);
                    Int(run.Seconds);
                }
            }
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(_buffer.WrittenSpan, hash);
            return new QuantitiesDigest(BinaryPrimitives.ReadUInt128LittleEndian(hash), BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
        }

        private static string Exact(decimal value)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
        }

        private void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
        }

        private void Long(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
            _buffer.Advance(8);
        }

        /// <summary>A null (a tampered event can hold one where the type says never) is length -1, unlike any text.</summary>
        private void Text(string? value)
        {
            if (value is null)
            {
                Int(-1);
                return;
            }
            Int(value.Length);
            var bytes = MemoryMarshal.AsBytes(value.AsSpan());
            bytes.CopyTo(_buffer.GetSpan(bytes.Length));
            _buffer.Advance(bytes.Length);
        }
    }
}
