using System.Diagnostics.Metrics;
using FluentValidation;
using GpuBilling.Messaging;
using MassTransit;
using MassTransit.Middleware;
using Metering.Contracts;
using Metering.Ledger;
using Microsoft.Extensions.Options;

namespace Metering.Ingestion;

/// <summary>
/// Takes reports in batches: the valid ones enter the ledger in one transaction, the invalid
/// ones go to the rejected queue with their reasons (published into it: see
/// <see cref="WorkQueues.PublishIntoWorkQueue{T}"/>). A bad report never holds back the good
/// ones beside it. Rejections are sent after the commit, so a retry of a failed commit can
/// at worst repeat a rejection, never lose a second.
/// </summary>
public sealed class GpuUsageReportedConsumer(
    IValidator<GpuUsageReported> validator,
    IntakeWriter intake,
    IngestionMetrics metrics,
    IOptions<IngestionOptions> options,
    TimeProvider clock) : IConsumer<Batch<GpuUsageReported>>
{
    public const string RejectedQueue = "gpu-usage-rejected";

    public async Task Consume(ConsumeContext<Batch<GpuUsageReported>> context)
    {
        var accepted = new List<GpuUsageReported>(context.Message.Length);
        var rejected = new List<GpuUsageRejected>();
        foreach (var message in context.Message)
        {
            var validation = await validator.ValidateAsync(message.Message, context.CancellationToken);
            List<RejectionReason> reasons =
            [
                .. NodeIdentity.Check(message, options.Value) is { } impostor ? [impostor] : Array.Empty<RejectionReason>(),
                .. validation.Errors.Select(e => new RejectionReason(e.PropertyName, e.ErrorMessage)),
            ];
            if (reasons.Count == 0)
            {
                accepted.Add(message.Message);
                continue;
            }
            rejected.Add(new GpuUsageRejected
            {
                MessageId = message.MessageId,
                Report = message.Message,
                Reasons = reasons,
                RejectedAt = clock.GetUtcNow(),
            });
        }

        var recorded = await intake.RecordAsync(accepted, context.CancellationToken);
        metrics.Recorded(recorded);

        if (rejected.Count == 0) return;
        await context.PublishBatch(rejected, context.CancellationToken);
        metrics.Rejected(rejected.Count);
    }
}

public sealed class GpuUsageReportedConsumerDefinition : ConsumerDefinition<GpuUsageReportedConsumer>
{
    public const string QueueName = "gpu-usage";
    public const int BatchSize = 500;
    public const int ConcurrentBatches = 2;

    public GpuUsageReportedConsumerDefinition()
    {
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<GpuUsageReportedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // The broker must hand over enough unacknowledged messages to fill every concurrent batch.
        endpointConfigurator.PrefetchCount = BatchSize * ConcurrentBatches * 2;
        var metrics = context.GetRequiredService<IngestionMetrics>();
        endpointConfigurator.ConfigureReceive(receive => receive.UseFilter(new OversizeReportFilter(
            context.GetRequiredService<IOptions<IngestionOptions>>().Value, metrics, context.GetRequiredService<TimeProvider>(),
            context.GetRequiredService<ILogger<OversizeReportFilter>>())));
        // Configuring the error pipe replaces MassTransit's, so its two filters (the fault event, the move to `_error`) follow ours.
        endpointConfigurator.ConfigureError(error =>
        {
            error.UseFilter(new UnreadableReportFilter(metrics));
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(250))
            .SetConcurrencyLimit(ConcurrentBatches));
        consumerConfigurator.UseServiceRetries();
    }
}

public sealed class IngestionMetrics
{
    public const string MeterName = "Metering.Ingestion";

    private readonly Counter<long> _gpuSeconds;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _unreadable;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _gpuSeconds = meter.CreateCounter<long>("metering.gpu_seconds.recorded", "{gpu-second}",
            "GPU-seconds that entered the ledger for the first time.");
        _rejected = meter.CreateCounter<long>("metering.reports.rejected", "{report}",
            "Reports sent to the rejected queue.");
        _unreadable = meter.CreateCounter<long>("metering.reports.unreadable", "{message}",
            "Messages that could not be read as a report (moved to the error queue).");
    }

    public void Recorded(IEnumerable<NodeUsageRecorded> recorded) =>
        _gpuSeconds.Add(recorded.Sum(e => e.Gpus.Sum(g => (long)g.GpuSeconds)));

    public void Rejected(int count) => _rejected.Add(count);

    public void Unreadable() => _unreadable.Add(1);
}
