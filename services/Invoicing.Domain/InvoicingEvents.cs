using GpuBilling.HashChains;

namespace Invoicing;

/// <summary>
/// Invoicing's schema and the events its streams hold: a stream per billing account, invoice,
/// tenant's credit and tenant's standing. Every chained event of this library, so that one added
/// later is registered without a list to forget it in.
/// </summary>
public static class InvoicingEvents
{
    public const string Schema = "invoicing";

    public static IReadOnlyList<Type> Types { get; } =
        [.. typeof(InvoicingEvents).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(ChainedEvent)) && !type.IsAbstract)];
}
