using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpuBilling.ServiceDefaults;

/// <summary>
/// Writes the address the server really bound to the file named by `Hosting:AddressFile`. Whoever
/// starts a service (the tests, the benchmark, `make up`) asks for port 0 and reads the port from
/// here: a port found free and bound later can be taken in between by anyone on the machine.
/// </summary>
public sealed class ListeningAddress(IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration, ScrapingEndpoint scraping) : IHostedService
{
    public const string FileSetting = "Hosting:AddressFile";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[FileSetting] is { Length: > 0 } file)
            lifetime.ApplicationStarted.Register(() => Write(file));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write(string file)
    {
        var addresses = (server.Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException($"{FileSetting} is set but the server reports no addresses."))
            // The API's address: callers read the first line, and the management port answers nothing of the API.
            .Where(address => new Uri(address).Port != scraping.ManagementPort);
        // Renamed into place, so a reader never sees half an address.
        var written = $"{file}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(written, addresses);
        File.Move(written, file, overwrite: true);
    }
}
