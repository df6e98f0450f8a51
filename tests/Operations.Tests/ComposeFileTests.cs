using System.Diagnostics;
using System.Text.RegularExpressions;
using GpuBilling.Testing;
using YamlDotNet.Serialization;

namespace Operations.Tests;

/// <summary>
/// docker-compose.yml, for users with a Docker engine, checked without one: Debian's
/// docker-compose 1.29 (infra/scripts/operator-tools.sh) must accept it, it must set each service
/// the settings `make up` (infra/scripts/up.sh) sets, and its Prometheus and Grafana must cover
/// every service and be given the dashboards that exist.
/// </summary>
public partial class ComposeFileTests
{
    private const string Compose = "/usr/bin/docker-compose";

    /// <summary>The compose services that run the system's programs, and the names up.sh starts them by.</summary>
    private static readonly Dictionary<string, string> Programs = new()
    {
        ["metering"] = "Metering", ["pricing"] = "Pricing", ["invoicing"] = "Invoicing", ["webhooks"] = "Webhooks",
        ["audit"] = "Audit", ["fleet"] = "Fleet", ["gateway"] = "Gateway", ["node-agent"] = "NodeAgent",
    };

    /// <summary>
    /// Settings only one of the two sets, each for a reason: make up's services pick their ports and
    /// report them (compose's are fixed), its servers' connection comes to every process from
    /// servers.env (compose names it per service), compose's fleet reports as the broker user
    /// `metering` rather than loopback's `guest`, and only compose runs a Prometheus, which scrapes
    /// the gateway's management port.
    /// </summary>
    private static readonly Regex NotCompared = new(@"^(Hosting__AddressFile|ConnectionStrings__.*|RabbitMq__.*|Ingestion__TrustedBrokerUsers__\d+|Metrics__Url)$");

    private static readonly string Root = ServiceProcess.RepositoryRoot();

    [Fact]
    public async Task Compose_v1_accepts_the_file_and_every_program_gets_the_settings_make_up_gives_it()
    {
        var services = Services(await ConfigAsync());
        var upSettings = UpSettings(await File.ReadAllTextAsync(Path.Combine(Root, "infra", "scripts", "up.sh")));

        foreach (var (composeName, program) in Programs)
        {
            var service = services[composeName];
            var composeSettings = Keys(service.TryGetValue("environment", out var environment) ? ((Dictionary<object, object>)environment!).Keys.Select(k => $"{k}=") : [])
                .Concat(Keys(service.TryGetValue("command", out var command) ? [.. ((List<object>)command!).Select(c => c.ToString()!)] : []))
                .Where(k => !NotCompared.IsMatch(k)).Order(StringComparer.Ordinal).Distinct().ToList();
            var expected = upSettings[program].Where(k => !NotCompared.IsMatch(k)).Order(StringComparer.Ordinal).Distinct().ToList();
            Assert.True(expected.SequenceEqual(composeSettings),
                $"{composeName}: make up sets [{string.Join(", ", expected)}], compose [{string.Join(", ", composeSettings)}]");
        }
    }

    [Fact]
    public async Task Compose_runs_prometheus_scraping_every_service_and_grafana_with_the_dashboards_provisioned()
    {
        var services = Services(await ConfigAsync());
        Assert.All(new[] { "prometheus", "grafana" }, name =>
            Assert.Matches(@":v?\d+\.\d+\.\d+$", (string)services[name]["image"]));

        // What the compose Prometheus scrapes: every program with an HTTP API, the gateway on its management port.
        var prometheusConfig = Path.Combine(Root, "infra", "prometheus", "prometheus.yml");
        Assert.Contains("./infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", Volumes(services["prometheus"]));
        var scraped = new Deserializer().Deserialize<Dictionary<string, List<Dictionary<string, object>>>>(
                string.Join('\n', File.ReadLines(prometheusConfig).SkipWhile(l => !l.StartsWith("scrape_configs:", StringComparison.Ordinal))))
            ["scrape_configs"]
            .ToDictionary(job => (string)job["job_name"],
                job => ((List<object>)((Dictionary<object, object>)((List<object>)job["static_configs"])[0])["targets"]).Cast<string>().Single());
        var gatewayMetrics = new Uri((string)((Dictionary<object, object>)services["gateway"]["environment"])["Metrics__Url"]);
        var expected = Programs.Where(p => p.Value != "NodeAgent")
            .ToDictionary(p => p.Key, p => p.Key == "gateway" ? $"gateway:{gatewayMetrics.Port}" : $"{p.Key}:8080");
        Assert.Equal(expected.OrderBy(e => e.Key), scraped.OrderBy(s => s.Key));
        Assert.Equal(0, await RunAsync("promtool", ["check", "config", prometheusConfig]) is var (status, _) ? status : -1);

        // Grafana reads the provisioning and the dashboards from the repository, where they are.
        var grafana = Volumes(services["grafana"]);
        Assert.Contains("./infra/grafana/provisioning:/etc/grafana/provisioning:ro", grafana);
        Assert.Contains("./infra/grafana/dashboards:/var/lib/grafana/dashboards:ro", grafana);
        var provider = await File.ReadAllTextAsync(Path.Combine(Root, "infra", "grafana", "provisioning", "dashboards", "gpu-billing.yaml"));
        Assert.Contains("path: /var/lib/grafana/dashboards", provider);
        var datasource = await File.ReadAllTextAsync(Path.Combine(Root, "infra", "grafana", "provisioning", "datasources", "prometheus.yaml"));
        Assert.Contains("url: http://prometheus:9090", datasource);
        Assert.Contains("uid: prometheus", datasource);
    }

    /// <summary>The file as compose v1 resolves it (anchors merged), or the test fails with what compose said.</summary>
    private static async Task<string> ConfigAsync()
    {
        if (!File.Exists(Compose))
            throw new InvalidOperationException($"{Compose} is missing: run infra/scripts/operator-tools.sh install (make test does).");
        var (status, output) = await RunAsync(Compose, ["--project-directory", Root, "-f", Path.Combine(Root, "docker-compose.yml"), "config"]);
        Assert.True(status == 0, $"docker-compose config refused docker-compose.yml:\n{output}");
        return output;
    }

    private static Dictionary<string, Dictionary<string, object>> Services(string config) =>
        new Deserializer().Deserialize<Dictionary<string, object>>(config)["services"] is Dictionary<object, object> services
            ? services.ToDictionary(s => (string)s.Key, s => ((Dictionary<object, object>)s.Value).ToDictionary(p => (string)p.Key, p => p.Value))
            : throw new InvalidOperationException("docker-compose config printed no services.");

    /// <summary>Volumes as written, in the file's own relative form (compose prints them resolved against the project directory).</summary>
    private static List<string> Volumes(Dictionary<string, object> service) =>
        [.. ((List<object>)service["volumes"]).Select(v => ((string)v).Replace(Root, ".", StringComparison.Ordinal).Replace(":rw", "", StringComparison.Ordinal))];

    /// <summary>The configuration keys (`Section__Key=`) a piece of shell or environment sets.</summary>
    private static IEnumerable<string> Keys(IEnumerable<string> texts) =>
        texts.SelectMany(text => SettingKey().Matches(text).Select(m => m.Groups[1].Value));

    /// <summary>
    /// What up.sh sets each program: the settings on the line that starts it (a `\`-continued line
    /// read as one), with launch_service's for every program it starts and start_gateway's body for
    /// the gateway, `${var}` of a `for var in ...` loop expanded to each of its values.
    /// </summary>
    private static Dictionary<string, List<string>> UpSettings(string script)
    {
        var lines = script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        string Function(string name) => string.Join('\n', lines.SkipWhile(l => !l.StartsWith($"{name}()", StringComparison.Ordinal)).TakeWhile(l => l != "}"));
        var gateway = Function("start_gateway");
        var loops = ForLoop().Matches(gateway).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        IEnumerable<string> Expanded(string text) =>
            loops.Where(loop => text.Contains($"${{{loop.Key}}}", StringComparison.Ordinal)) is var used && used.Any()
                ? used.SelectMany(loop => loop.Value.Select(value => text.Replace($"${{{loop.Key}}}", value, StringComparison.Ordinal)))
                : [text];

        var settings = new Dictionary<string, List<string>>();
        var launched = Keys([Function("launch_service")]).ToList();
        foreach (var line in lines)
            if (StartServiceLine().Match(line) is { Success: true } started)
                settings[started.Groups[1].Value] = [.. Keys([line]), .. launched];
            else if (SuperviseLine().Match(line) is { Success: true } supervised && supervised.Groups[1].Value != "Gateway")
                settings[supervised.Groups[1].Value] = [.. Keys([line])];
        settings["Gateway"] = [.. Keys(Expanded(gateway))];
        return settings;
    }

    private static async Task<(int Status, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    [GeneratedRegex(@"\b([A-Z][A-Za-z]*(?:__[A-Za-z0-9${}]+)+)=")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"for (\w+) in ([\w ]+); do")]
    private static partial Regex ForLoop();

    [GeneratedRegex(@"\bstart_service (\w+)\s*$")]
    private static partial Regex StartServiceLine();

    [GeneratedRegex(@"\bsupervise (\w+) ")]
    private static partial Regex SuperviseLine();
}
