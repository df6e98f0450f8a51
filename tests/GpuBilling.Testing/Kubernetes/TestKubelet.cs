using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeAgent.Allocations.Kubernetes.PodResources;

namespace GpuBilling.Testing.Kubernetes;

/// <summary>Device ids of one resource that a pod's container holds, or that the kubelet can hand out.</summary>
public sealed record Devices(string ResourceName, params string[] DeviceIds);

/// <summary>A pod as the kubelet lists it: one container holding devices.</summary>
public sealed record Pod(string Namespace, string Name, params Devices[] Devices);

/// <summary>
/// A stand-in for the one part of the kubelet the agent reads, where tests cannot run a real
/// kubelet: the PodResources v1 gRPC service on a unix socket, generated from the same published
/// api.proto, with pods the test starts and ends. Each change is stamped with the time it became
/// visible, so a test computes what must be billed from when pods really held their devices.
/// </summary>
public sealed class TestKubelet : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly State _state;

    private TestKubelet(WebApplication app, State state, string socketPath)
    {
        _app = app;
        _state = state;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>Serves on a new socket in <paramref name="directory"/>; <paramref name="allocatable"/> is every device id the node advertises.</summary>
    public static async Task<TestKubelet> StartAsync(string directory, params Devices[] allocatable)
    {
        var socketPath = Path.Combine(directory, "kubelet.sock");
        var state = new State(allocatable);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGrpcService<PodResourcesService>();
        await app.StartAsync();
        return new TestKubelet(app, state, socketPath);
    }

    /// <summary>The pod holds its devices from the moment this returns (the time returned) on.</summary>
    public DateTimeOffset Start(Pod pod) => _state.Change(pods => pods.Add(pod));

    /// <summary>The pod holds nothing from the moment this returns (the time returned) on.</summary>
    public DateTimeOffset End(Pod pod) => _state.Change(pods => pods.Remove(pod));

    /// <summary>How many times the agent has asked for the list.</summary>
    public int ListCalls => _state.ListCalls;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(SocketPath);
    }

    internal sealed class State(Devices[] allocatable)
    {
        private readonly List<Pod> _pods = [];
        private int _listCalls;

        public int ListCalls => Volatile.Read(ref _listCalls);

        public DateTimeOffset Change(Action<List<Pod>> change)
        {
            lock (_pods)
            {
                change(_pods);
                return DateTimeOffset.UtcNow;
            }
        }

        public ListPodResourcesResponse List()
        {
            Interlocked.Increment(ref _listCalls);
            var response = new ListPodResourcesResponse();
            lock (_pods)
                response.PodResources.AddRange(_pods.Select(pod => new PodResources
                {
                    Namespace = pod.Namespace,
                    Name = pod.Name,
                    Containers = { new ContainerResources { Name = "main", Devices = { pod.Devices.Select(Of) } } },
                }));
            return response;
        }

        public AllocatableResourcesResponse Allocatable() => new() { Devices = { allocatable.Select(Of) } };

        private static ContainerDevices Of(Devices devices) => new() { ResourceName = devices.ResourceName, DeviceIds = { devices.DeviceIds } };
    }

    internal sealed class PodResourcesService(State state) : PodResourcesLister.PodResourcesListerBase
    {
        public override Task<ListPodResourcesResponse> List(ListPodResourcesRequest request, ServerCallContext context) =>
            Task.FromResult(state.List());

        public override Task<AllocatableResourcesResponse> GetAllocatableResources(AllocatableResourcesRequest request, ServerCallContext context) =>
            Task.FromResult(state.Allocatable());
    }
}
