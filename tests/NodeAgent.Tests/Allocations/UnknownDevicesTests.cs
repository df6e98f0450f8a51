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

    [Fact]
    public void With_several_nodes_under_one_set_of_allocations_a_device_is_unknown_only_when_no_node_has_it()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var unknown = new UnknownDevices(services.GetRequiredService<IMeterFactory>(), NullLogger<UnknownDevices>.Instance);
        var allocations = new Dictionary<string, GpuAllocation> { ["GPU-a"] = Acme, ["GPU-b"] = Acme, ["GPU-z"] = Acme };

        unknown.Check("node-1", [Gpu("GPU-a")], allocations);
        unknown.Check("node-2", [Gpu("GPU-b")], allocations);
        unknown.Check("node-1", [Gpu("GPU-a")], allocations);

        Assert.Equal(["GPU-z"], unknown.Reported);
    }

    [Fact]
    public void A_device_that_leaves_its_node_is_unknown_unless_another_node_has_it()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var unknown = new UnknownDevices(services.GetRequiredService<IMeterFactory>(), NullLogger<UnknownDevices>.Instance);
        var allocations = new Dictionary<string, GpuAllocation> { ["GPU-a"] = Acme, ["GPU-b"] = Acme, ["GPU-z"] = Acme };

        unknown.Check("node-1", [Gpu("GPU-a"), Gpu("GPU-b")], allocations);
        unknown.Check("node-2", [Gpu("GPU-b")], allocations);
        Assert.Equal(["GPU-z"], unknown.Reported);

        unknown.Check("node-1", [Gpu("GPU-z")], allocations);
        Assert.Equal(["GPU-a"], unknown.Reported);

        unknown.Check("node-2", [Gpu("GPU-a")], allocations);
        Assert.Equal(["GPU-b"], unknown.Reported);
    }

    [Fact]
    public void A_simulated_fleet_of_100_000_gpus_read_node_after_node_leaves_only_the_devices_no_node_has()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var unknown = new UnknownDevices(services.GetRequiredService<IMeterFactory>(), NullLogger<UnknownDevices>.Instance);
        const int Nodes = 12_500;
        string Uuid(int node, int gpu) => $"GPU-{node:D5}-{gpu}";
        var allocations = Enumerable.Range(0, Nodes + 1).SelectMany(node => Enumerable.Range(0, 8).Select(gpu => Uuid(node, gpu)))
            .ToDictionary(uuid => uuid, _ => Acme);

        for (var node = 0; node < Nodes; node++)
            unknown.Check($"node-{node}", [.. Enumerable.Range(0, 8).Select(gpu => Gpu(Uuid(node, gpu)))], allocations);

        Assert.Equal(Enumerable.Range(0, 8).Select(gpu => Uuid(Nodes, gpu)).ToHashSet(), unknown.Reported);
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
