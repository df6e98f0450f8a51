using System.Diagnostics.Metrics;
using Metering.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodeAgent.Allocations;
using NodeAgent.Sampling;

namespace NodeAgent.Tests.Allocations;

public sealed class UnknownDevicesTests
{
    private static readonly GpuAllocation Acme = new("acme", "train-7");

    private static GpuReading Gpu(string uuid) => new(uuid, "NVIDIA H100 80GB HBM3", null, 50m, 1024, 300m, null);

    [Fact]
    public void An_allocation_naming_a_device_the_node_lacks_is_reported_until_it_goes()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var unknown = new UnknownDevices(meters, NullLogger<UnknownDevices>.Instance);
        IReadOnlyList<GpuReading> node = [Gpu("GPU-a"), Gpu("GPU-b")];

        unknown.Check("node-1", node, new Dictionary<string, GpuAllocation> { ["GPU-a"] = Acme, ["GPU-z"] = Acme });
        Assert.Equal(["GPU-z"], unknown.Reported);
        Assert.Equal(1, GaugeOf(meters));

        unknown.Check("node-1", node, new Dictionary<string, GpuAllocation> { ["GPU-a"] = Acme });
        Assert.Empty(unknown.Reported);
        Assert.Equal(0, GaugeOf(meters));
    }

    private static int? GaugeOf(IMeterFactory meters)
    {
        int? observed = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "node_agent.allocations.unknown_devices")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => observed = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
