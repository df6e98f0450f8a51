using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Metering.Benchmarks;

/// <summary>
/// Each second's visibility in `GET /v1/usage` for the one tenant that holds every GPU of the fleet
/// (<see cref="Fleet.Tenant"/>), and the CPU of the watched processes over the same span.
/// <paramref name="Latencies"/> holds the seconds seen, in order; fewer than asked for means the rest
/// were not visible by the deadline.
/// </summary>
public sealed record Visibility(IReadOnlyList<double> Latencies, int Polls, int FailedPolls, CpuReport Cpu);

public static class UsageVisibility
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Polls the tenant's total from <paramref name="start"/>; second k is visible once the total
    /// reaches GPUs × (k + 1), and its latency is that poll's time less the end of second k (when the
    /// agent could first sample it). Gives up <paramref name="patience"/> after the last second.
    /// </summary>
    public static async Task<Visibility> PollAsync(
        Uri metering, DateTimeOffset start, int seconds, int gpus, TimeSpan patience, Func<IEnumerable<WatchedProcess?>> watched)
    {
        using var api = new HttpClient { BaseAddress = metering, Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Add("X-Api-Key", Fleet.TenantKey);
        var from = DateTimeOffset.FromUnixTimeSeconds(start.ToUnixTimeSeconds() / 900 * 900);
        var query = $"/v1/usage?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}"
            + $"&to={Uri.EscapeDataString(from.AddDays(1).ToString("O", CultureInfo.InvariantCulture))}";

        await Wait.ForAsync(start);
        var cpu = CpuMeter.Start(watched());
        var deadline = start.AddSeconds(seconds) + patience;
        var latencies = new List<double>(seconds);
        int polls = 0, failed = 0;
        var lastSample = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(PollEvery);
        while (latencies.Count < seconds && await timer.WaitForNextTickAsync() && DateTimeOffset.UtcNow <= deadline)
        {
            polls++;
            long total;
            try
            {
                var usage = await api.GetFromJsonAsync<JsonElement>(query);
                total = usage.GetProperty("totalGpuSeconds").GetInt64();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failed++;
                continue;
            }
            var seen = DateTimeOffset.UtcNow;
            while (latencies.Count < seconds && total >= (long)gpus * (latencies.Count + 1))
                latencies.Add((seen - start.AddSeconds(latencies.Count + 1)).TotalSeconds);
            if (seen - lastSample >= TimeSpan.FromSeconds(1))
            {
                lastSample = seen;
                cpu.Sample();
            }
        }
        return new Visibility(latencies, polls, failed, cpu.Stop());
    }
}
