using System.Collections.Concurrent;
using System.Diagnostics;
using GpuBilling.Testing;
using Metering.Tests.Ingestion;
using static Metering.Tests.Ingestion.Reports;

namespace Metering.Tests.Observability;

public sealed class TracingService() : MeteringService("metering_tracing_tests");

public class TracingTests(TracingService metering) : IClassFixture<TracingService>
{
    [Fact]
    public async Task A_report_keeps_its_trace_from_the_agents_send_into_the_ledger_write()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        // Stands in for the agent's sampling of a second: the trace every later span must join.
        using var agentSource = new ActivitySource("test-agent");
        using var agentListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "test-agent",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(agentListener);

        ActivityTraceId trace;
        using (var sampling = agentSource.StartActivity("sample-second")!)
        {
            trace = sampling.TraceId;
            await metering.SendAsync(Report("traced-node", [0, 1], _ => [Gpu("GPU-t1", "traced-tenant")]));
        }

        await Eventually.AssertAsync(async () =>
        {
            await Task.CompletedTask;
            var traced = activities.Where(a => a.TraceId == trace).ToList();
            Assert.Contains(traced, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Producer);
            Assert.Contains(traced, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
            Assert.Contains(traced, IsIntakeWrite);
        });
    }

    private static bool IsIntakeWrite(Activity activity) =>
        activity.Source.Name == "Npgsql"
        && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString()?.Contains("insert into metering.intake") == true;
}
