using System.Net;
using System.Net.Sockets;
using GpuBilling.Testing;

namespace Operations.Tests;

/// <summary>
/// For a program that must be told its port (Prometheus, a service's management port) rather than
/// bind port 0 and say which it got: a port found free, and another when something took it between
/// the look and the bind. The program exits saying so; that is the only failure tried again.
/// </summary>
public static class FreePorts
{
    private const int Tries = 5;

    /// <param name="start">Starts the program on the port and waits until it serves, disposing of it if it cannot.</param>
    public static async Task<T> StartOnFreePortAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Pick());
            }
            catch (WillNeverHold exited) when (attempt < Tries && exited.Message.Contains("address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
