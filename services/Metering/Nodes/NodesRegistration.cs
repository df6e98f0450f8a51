using Metering.Ledger;

namespace Metering.Nodes;

public static class NodesRegistration
{
    /// <summary>What each node reported, and its gaps, kept by intake in its own transaction; the count of nodes with gaps for Prometheus.</summary>
    public static IHostApplicationBuilder AddNodes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILedgerReadModel, NodeReporting>();
        builder.Services.AddHostedService<NodeGapMetrics>();
        return builder;
    }
}
