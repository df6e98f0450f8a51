using System.Globalization;

namespace Fleet.Inventory;

/// <summary>
/// How much of a GPU a MIG slice is. NVIDIA names a GPU instance profile by its compute slices
/// and memory, "3g.40gb" (a compute instance within it "1c.3g.40gb"; media extensions "1g.10gb+me"):
/// the number before "g" is the slices of the GPU's compute it holds, of the 7 an A100 or H100 is
/// cut into. A slice's share of its GPU is those slices over the GPU's (<see cref="HeldGpus.MigComputeSlices"/>),
/// and the share no slice holds (a GPU cut 3g + 3g leaves one slice of seven) is idle capacity.
/// </summary>
public static class MigShares
{
    /// <summary>The compute slices a profile holds; null for text that names none.</summary>
    public static int? ComputeSlicesOf(string profile)
    {
        foreach (var part in profile.Split('.', '+'))
            if (part.Length > 1 && part[^1] == 'g' && int.TryParse(part[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var slices) && slices > 0)
                return slices;
        return null;
    }
}
