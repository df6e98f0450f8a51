using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using NodeAgent.Allocations.Kubernetes.PodResources;

namespace NodeAgent.Allocations.Kubernetes;

/// <summary>A GPU device id one container of a pod holds, as the kubelet listed it.</summary>
public sealed record ContainerDevice(PodName Pod, string Container, string ResourceName, string DeviceId);

/// <summary>
/// The kubelet's PodResources API (v1, gRPC over its unix socket): which container holds which
/// device ids, and every device id it can hand out.
/// </summary>
public sealed class KubeletClient : IDisposable
{
    // The kubelet's own client allows 16 MiB; a node with many pods can pass gRPC's 4 MiB default.
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly GrpcChannel _channel;
    private readonly PodResourcesLister.PodResourcesListerClient _client;

    public KubeletClient(string socketPath)
    {
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectCallback = (_, cancellationToken) => ConnectAsync(socketPath, cancellationToken) },
            MaxReceiveMessageSize = MaxMessageBytes,
        });
        _client = new PodResourcesLister.PodResourcesListerClient(_channel);
    }

    /// <exception cref="RpcException">The kubelet did not answer.</exception>
    public async Task<IReadOnlyList<ContainerDevice>> ListAsync(CancellationToken cancellationToken)
    {
        var response = await _client.ListAsync(new ListPodResourcesRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
        return
        [
            .. from pod in response.PodResources
               from container in pod.Containers
               from devices in container.Devices
               from id in devices.DeviceIds
               select new ContainerDevice(new PodName(pod.Namespace, pod.Name), container.Name, devices.ResourceName, id),
        ];
    }

    /// <summary>Every device id of each resource the kubelet knows, held or not.</summary>
    /// <exception cref="RpcException">The kubelet did not answer.</exception>
    public async Task<IReadOnlyList<(string ResourceName, string DeviceId)>> AllocatableAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetAllocatableResourcesAsync(
            new AllocatableResourcesRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
        return [.. response.Devices.SelectMany(d => d.DeviceIds.Select(id => (d.ResourceName, id)))];
    }

    public void Dispose() => _channel.Dispose();

    private static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
