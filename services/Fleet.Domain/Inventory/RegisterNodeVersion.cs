using System.Globalization;
using GpuBilling.Decisions;
using GpuBilling.HashChains;

namespace Fleet.Inventory;

/// <summary>Register the next version of a node's record, in force from <paramref name="EffectiveFrom"/>, as seen at <paramref name="Now"/>.</summary>
public sealed record RegisterNodeVersion(
    string NodeId,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset? Until,
    string Site,
    string SupplierId,
    IReadOnlyList<HeldGpus> Gpus,
    DateTimeOffset Now,
    string RegisteredBy);

public static class RegisterNodeVersionDecision
{
    private static readonly RegisterNodeVersionValidator Validator = new();

    /// <summary>
    /// The next version, or a refusal. Unlike a rate card's, a node's version may take effect in the
    /// past: a node is often registered after it started reporting, and its cost is an internal
    /// figure, not an invoice already sent. But each version starts after the latest one, so the
    /// stream reads as the node's history in order, and every version keeps when it was registered:
    /// what was known when stays readable. The version comes chained to the node's last hash.
    /// </summary>
    /// <exception cref="CommandRefused">The command is malformed or breaks one of those rules.</exception>
    public static NodeVersionRegistered Decide(RegisterNodeVersion command, FleetNode? node)
    {
        CommandRefused.ThrowIfInvalid(Validator.Validate(command));
        if (node is not null && !string.Equals(node.NodeId, command.NodeId, StringComparison.Ordinal))
            throw CommandRefused.Because(nameof(command.NodeId), $"The command is for node '{command.NodeId}' but was decided against '{node.NodeId}'.");
        if (node is not null && command.EffectiveFrom <= node.Latest.EffectiveFrom)
            throw CommandRefused.Because(nameof(command.EffectiveFrom),
                $"Must be after version {node.Latest.Number}, in force from {Text(node.Latest.EffectiveFrom)}.");

        return HashChain.Seal(node?.LastHash ?? HashChain.Genesis, new NodeVersionRegistered(
            command.NodeId,
            (node?.Versions.Count ?? 0) + 1,
            command.EffectiveFrom,
            command.Until,
            command.Site,
            command.SupplierId,
            command.Gpus,
            command.Now,
            command.RegisteredBy));
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
