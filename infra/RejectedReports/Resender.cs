using System.Text.Json;
using GpuBilling.Messaging;
using MassTransit;
using Metering.Contracts;

namespace RejectedReports;

/// <summary>Sends report files to metering's queue as the operator's broker user.</summary>
public static class Resender
{
    public const string MeteringQueue = "gpu-usage";

    public static async Task ResendAsync(RabbitMqSettings settings, IEnumerable<string> files)
    {
        var reports = files
            .Select(file => JsonSerializer.Deserialize<GpuUsageReported>(File.ReadAllText(file), RejectedQueue.Json)
                ?? throw new JsonException($"{file} holds no report."))
            .ToList();

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
            {
                host.Username(settings.Username);
                host.Password(settings.Password);
            });
            rabbit.PublishIntoWorkQueue<GpuUsageReported>(MeteringQueue);
        });
        await bus.StartAsync();
        try
        {
            // Metering accepts a report for another node only from a trusted broker user.
            await Task.WhenAll(reports.Select(report => bus.Publish(report, context => context.StampUserId(settings.Username))));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
