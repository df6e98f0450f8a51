using Metering.Ledger;

namespace Metering;

/// <summary>Metering's schema and the events its streams hold: the usage ledger, a stream per node and UTC hour.</summary>
public static class MeteringEvents
{
    public const string Schema = "metering";

    public static IReadOnlyList<Type> Types { get; } = [typeof(NodeUsageRecorded)];
}
