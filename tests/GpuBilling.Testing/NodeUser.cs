using System.Diagnostics;

namespace GpuBilling.Testing;

/// <summary>
/// A node's own broker user, made by the operator's command (infra/scripts/node-user.sh) exactly as
/// an operator makes it. Broker users are shared by every virtual host of a broker, and test
/// classes run side by side: a node's password is fixed by its name, so two classes creating the
/// same node's user (each with rights in its own virtual host) never lock each other out.
/// </summary>
public sealed record NodeUser(string Name, string Password)
{
    public static async Task<NodeUser> CreateAsync(string virtualHost, string node, ServerSet? servers = null)
    {
        var user = new NodeUser(node, $"secret-of-{node}");
        var passwordFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passwordFile, user.Password);
            await RunAsync(servers ?? TestServers.Shared, "add", node, "--vhost", virtualHost, "--password-file", passwordFile);
        }
        finally
        {
            File.Delete(passwordFile);
        }
        return user;
    }

    public Task RemoveAsync(ServerSet? servers = null) => RunAsync(servers ?? TestServers.Shared, "remove", Name);

    /// <summary>The settings that make a service or the agent connect as this user.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["RabbitMq:Username"] = Name,
        ["RabbitMq:Password"] = Password,
    };

    private static async Task RunAsync(ServerSet servers, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "scripts", "node-user.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["RABBITMQ_API"] = $"http://{servers.RabbitHost}:{servers.RabbitManagementPort}" },
        };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0)
            throw new InvalidOperationException($"node-user.sh {string.Join(' ', arguments)} failed ({script.ExitCode}):\n{await output}{await errors}");
    }
}
