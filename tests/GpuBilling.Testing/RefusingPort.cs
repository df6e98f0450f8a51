using System.Net;
using System.Net.Sockets;

namespace GpuBilling.Testing;

/// <summary>
/// A loopback port where nothing answers, for as long as it is held: every connection to it is
/// refused at once, and no other program can bind it (so none can start answering there), nor
/// see it as taken by looking for listening sockets. The port is the local end of a loopback
/// connection: a plain bound socket would not do, because .NET binds with SO_REUSEADDR on Linux,
/// which lets any other socket asking for the same bind alongside it.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _connection;
    private readonly Socket _peer;

    public RefusingPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _connection.Connect(listener.LocalEndPoint!);
        _peer = listener.Accept();
    }

    public int Port => ((IPEndPoint)_connection.LocalEndPoint!).Port;

    public void Dispose()
    {
        _connection.Dispose();
        _peer.Dispose();
    }
}
