using System.Diagnostics;

namespace Metering.Testing;

/// <summary>
/// A PostgreSQL and RabbitMQ of one test's own, started with the project's script, for a test
/// that stops a server on purpose: stopping the shared pair would break every other test.
/// </summary>
public sealed class PrivateServers : ServerSet, IAsyncDisposable
{
    private readonly string _directory;

    private PrivateServers(string directory, IReadOnlyDictionary<string, string> env)
        : base(env["ConnectionStrings__Postgres"], env["RabbitMq__Host"], int.Parse(env["RabbitMq__Port"]), int.Parse(env["RabbitMq__ManagementPort"])) =>
        _directory = directory;

    public static async Task<PrivateServers> StartAsync(string name)
    {
        var directory = Path.Combine(ServiceProcess.RepositoryRoot(), ".data", $"{name}-{Guid.NewGuid():N}"[..40]);
        await ScriptAsync("start", directory);
        var env = (await File.ReadAllLinesAsync(Path.Combine(directory, "servers.env")))
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('"'));
        return new PrivateServers(directory, env);
    }

    public Task TakeDownAsync(string server) => ScriptAsync("down", _directory, server);

    public Task BringUpAsync(string server) => ScriptAsync("up", _directory, server);

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("stop", _directory);
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task ScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(ServiceProcess.RepositoryRoot(), "infra", "scripts", "servers.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"servers.sh {string.Join(' ', arguments)} failed:\n{await output}\n{await errors}");
    }
}
