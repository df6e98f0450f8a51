using System.Diagnostics;

namespace GpuBilling.Testing;

/// <summary>
/// A PostgreSQL and RabbitMQ of one test's own, started with the project's script, for a test
/// that stops a server on purpose: stopping the shared pair would break every other test.
/// </summary>
public sealed class PrivateServers : ServerSet, IAsyncDisposable
{
    private readonly string _directory;

    private PrivateServers(string directory, IReadOnlyDictionary<string, string> env, string startOutput)
        : base(env["ConnectionStrings__Postgres"], env["RabbitMq__Host"], int.Parse(env["RabbitMq__Port"]), int.Parse(env["RabbitMq__ManagementPort"]))
    {
        _directory = directory;
        StartOutput = startOutput;
    }

    /// <summary>What the script said while starting the servers.</summary>
    public string StartOutput { get; }

    /// <summary>The ports the servers run on, as the script recorded them (`PG_PORT`, `AMQP_PORT`, ...).</summary>
    public IReadOnlyDictionary<string, int> Ports =>
        File.ReadLines(Path.Combine(_directory, "servers.state"))
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].EndsWith("_PORT", StringComparison.Ordinal))
            .ToDictionary(kv => kv[0], kv => int.Parse(kv[1]));

    /// <param name="previousPorts">
    /// Ports as a previous start in the same folder left them (`PG_PORT`, `AMQP_PORT`, `MGMT_PORT`,
    /// `DIST_PORT`, `EPMD_PORT`): the script takes them again where nothing listens on them.
    /// </param>
    public static async Task<PrivateServers> StartAsync(string name, IReadOnlyDictionary<string, int>? previousPorts = null)
    {
        var directory = Path.Combine(ServiceProcess.RepositoryRoot(), ".data", $"{name}-{Guid.NewGuid():N}"[..40]);
        if (previousPorts is not null)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllLinesAsync(Path.Combine(directory, "servers.state"), previousPorts.Select(p => $"{p.Key}={p.Value}"));
        }
        var said = await ScriptAsync("start", directory);
        var env = (await File.ReadAllLinesAsync(Path.Combine(directory, "servers.env")))
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('"'));
        return new PrivateServers(directory, env, said);
    }

    public Task TakeDownAsync(string server) => ScriptAsync("down", _directory, server);

    public Task BringUpAsync(string server) => ScriptAsync("up", _directory, server);

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("stop", _directory);
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<string> ScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "scripts", "servers.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"servers.sh {string.Join(' ', arguments)} failed:\n{await output}\n{await errors}");
        return $"{await output}{await errors}";
    }
}
