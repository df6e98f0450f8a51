using System.Text.Json;
using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;

namespace RejectedReports;

/// <summary>Sends report files to metering's queue as the operator's broker user.</summary>
public static class Resender
{
    public const string MeteringQueue = "gpu-usage";

    /// <summary>Each file holds one report in the form it was exported in: legacy or compact (it has `gpus`).</summary>
    public static async Task ResendAsync(RabbitMqSettings settings, IEnumerable<string> files)
    {
        var legacy = new List<GpuUsageReported>();
        var compact = new List<GpuUsageWindowReported>();
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("gpus", out _))
                compact.Add(json.RootElement.Deserialize<GpuUsageWindowReported>(RejectedQueue.Json) ?? throw new JsonException($"{file} holds no report."));
            else
                legacy.Add(json.RootElement.Deserialize<GpuUsageReported>(RejectedQueue.Json) ?? throw new JsonException($"{file} holds no report."));
        }

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
            {
                host.Username(settings.Username);
                host.Password(settings.Password);
            });
            rabbit.PublishIntoWorkQueue<GpuUsageReported>(MeteringQueue);
            rabbit.PublishIntoWorkQueue<GpuUsageWindowReported>(MeteringQueue);
        });
        await bus.StartAsync();
        try
        {
            // Metering accepts a report for another node only from a trusted broker user.
            await Task.WhenAll([
                .. legacy.Select(report => bus.Publish(report, context => context.StampUserId(settings.Username))),
                .. compact.Select(report => bus.Publish(report, context => context.StampUserId(settings.Username))),
            ]);
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
