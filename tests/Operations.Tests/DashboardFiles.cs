using System.Text.Json;
using GpuBilling.Testing;

namespace Operations.Tests;

/// <summary>One query of one panel of a Grafana dashboard, as Grafana sends it to Prometheus.</summary>
public sealed record PanelQuery(string Dashboard, string Panel, string DatasourceUid, string Expr)
{
    public override string ToString() => $"{Dashboard} / {Panel}: {Expr}";
}

/// <summary>The dashboards an operator's Grafana is provisioned with (infra/grafana/dashboards), read as Grafana reads them.</summary>
public static class DashboardFiles
{
    public static string Folder => Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "grafana", "dashboards");

    public static IReadOnlyList<PanelQuery> Queries() =>
    [
        .. from file in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal)
           let dashboard = JsonDocument.Parse(File.ReadAllText(file)).RootElement
           from panel in dashboard.GetProperty("panels").EnumerateArray()
           from target in panel.GetProperty("targets").EnumerateArray()
           select new PanelQuery(
               dashboard.GetProperty("title").GetString()!,
               panel.GetProperty("title").GetString()!,
               target.GetProperty("datasource").GetProperty("uid").GetString()!,
               target.GetProperty("expr").GetString()!),
    ];
}
