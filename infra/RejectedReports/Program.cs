using GpuBilling.Messaging;
using Microsoft.Extensions.Configuration;

namespace RejectedReports;

/// <summary>
/// Reports metering refused wait in the `gpu-usage-rejected` queue with their reasons. An
/// operator lists them, exports them to files (which takes them off the queue), fixes what was
/// wrong and sends the reports again. Connection settings are the services' own `RabbitMq__*`.
/// </summary>
public static class RejectedReportsCommand
{
    public static async Task<int> Main(string[] args)
    {
        var rabbit = new ConfigurationBuilder().AddEnvironmentVariables().Build().RabbitMqSettings();
        var queue = new RejectedQueue(rabbit);

        switch (args)
        {
            case ["list"]:
                foreach (var rejected in await queue.PeekAllAsync()) Console.WriteLine(RejectedQueue.Describe(rejected));
                return 0;
            case ["export", var directory]:
                foreach (var file in await queue.ExportAsync(directory)) Console.WriteLine(file);
                return 0;
            case ["resend", .. var files] when files.Length > 0:
                await Resender.ResendAsync(rabbit, files);
                Console.WriteLine($"Sent {files.Length} report(s) to {Resender.MeteringQueue}.");
                return 0;
            default:
                Console.Error.WriteLine("""
                    usage: rejected-reports list             show every rejected report and why
                           rejected-reports export DIR       move them into DIR as one JSON report per file
                           rejected-reports resend FILE...   send (fixed) report files to metering again
                    The broker user (RabbitMq__Username) must be listed in metering's Ingestion:TrustedBrokerUsers.
                    """);
                return 2;
        }
    }
}
