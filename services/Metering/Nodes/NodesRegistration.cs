using Metering.Ledger;

namespace Metering.Nodes;

public static class NodesRegistration
{
    /// <summary>What each node reported, and its gaps, kept by intake in its own transaction.</summary>
    public static IHostApplicationBuilder AddNodes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILedgerReadModel, NodeReporting>();
        return builder;
    }
}
