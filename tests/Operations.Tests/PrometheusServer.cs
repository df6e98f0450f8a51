using System.Text.Json;
using GpuBilling.Testing;

namespace Operations.Tests;

/// <summary>One series of an instant query's answer: its labels and its value as Prometheus wrote it.</summary>
public sealed record Sample(IReadOnlyDictionary<string, string> Labels, string Value);

/// <summary>
/// Debian's Prometheus (infra/scripts/operator-tools.sh installs it) run as an ordinary process,
/// with a config and a data folder of its own, scraping the given targets every second. It cannot
/// bind port 0 and say which port it got: <see cref="FreePorts"/>.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Program = "/usr/bin/prometheus";
    private readonly ServiceProcess _process;
    private readonly DirectoryInfo _work;
    private readonly HttpClient _http;

    private PrometheusServer(ServiceProcess process, DirectoryInfo work, Uri address)
    {
        _process = process;
        _work = work;
        _http = new HttpClient { BaseAddress = address };
    }

    public string Output => _process.Output;

    /// <param name="targets">Job name and the address whose `/metrics` it scrapes.</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, Uri> targets)
    {
        if (!File.Exists(Program))
            throw new InvalidOperationException($"{Program} is missing: run infra/scripts/operator-tools.sh install (make test does).");
        var work = Directory.CreateTempSubdirectory("prometheus-");
        var config = Path.Combine(work.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(targets));
        return await FreePorts.StartOnFreePortAsync(async port =>
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            var process = ServiceProcess.StartInstalled(Program,
                [
                    $"--config.file={config}",
                    $"--storage.tsdb.path={Path.Combine(work.FullName, "data")}",
                    $"--web.listen-address={address.Authority}",
                ],
                new Dictionary<string, string?> { ["HOME"] = work.FullName });
            var server = new PrometheusServer(process, work, address);
            try
            {
                await server.ReadyAsync();
                return server;
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        });
    }

    /// <summary>The instant query's series now; empty when the query returns no data.</summary>
    public async Task<IReadOnlyList<Sample>> QueryAsync(string query)
    {
        using var response = await _http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Prometheus refused `{query}`: {response.StatusCode} {body}");
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => [.. data.GetProperty("result").EnumerateArray().Select(series => new Sample(
                series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                series.GetProperty("value")[1].GetString()!))],
            "scalar" => [new Sample(new Dictionary<string, string>(), data.GetProperty("result")[1].GetString()!)],
            var other => throw new InvalidOperationException($"`{query}` answered a {other}, not a vector."),
        };
    }

    /// <summary>The value of a query that sums to a single series.</summary>
    public async Task<decimal?> ValueAsync(string query) =>
        await QueryAsync(query) switch
        {
            [] => null,
            [var one] => decimal.Parse(one.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            var many => throw new InvalidOperationException($"`{query}` answered {many.Count} series, not one."),
        };

    private async Task ReadyAsync() =>
        await Eventually.AssertAsync(async () =>
        {
            if (_process.HasExited) throw new WillNeverHold($"Prometheus exited before it was ready:\n{_process.Output}");
            using var ready = await _http.GetAsync("/-/ready");
            var text = await ready.Content.ReadAsStringAsync();
            // Whatever answers on the port must be this Prometheus, not a program that took the port first.
            if (!ready.IsSuccessStatusCode || !text.Contains("Prometheus", StringComparison.Ordinal) || _process.HasExited)
                throw new InvalidOperationException($"Prometheus is not ready: {ready.StatusCode} {text}");
        }, TimeSpan.FromMinutes(1));

    private static string Config(IReadOnlyDictionary<string, Uri> targets) =>
        $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
        {string.Concat(targets.Select(t => $"""
          - job_name: {t.Key}
            metrics_path: /metrics
            static_configs:
              - targets: ['{t.Value.Authority}']

        """))}
        """;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        _work.Delete(recursive: true);
    }
}
