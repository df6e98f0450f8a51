using FluentValidation;
using GpuBilling.Messaging;
using MassTransit;
using MassTransit.Middleware;
using Metering.Contracts;
using Metering.Ledger;
using Microsoft.Extensions.Options;

namespace Metering.Ingestion;

/// <summary>
/// Takes reports in batches, in either form (<see cref="GpuUsageReported"/>, one message per
/// node-second or a backlog, and the compact <see cref="GpuUsageWindowReported"/>, one per node
/// and window): the valid ones enter the ledger in one transaction, the invalid ones go to the
/// rejected queue with their reasons (published into it: see
/// <see cref="WorkQueues.PublishIntoWorkQueue{T}"/>). A bad report never holds back the good
/// ones beside it. Rejections are sent after the commit, so a retry of a failed commit can
/// at worst repeat a rejection, never lose a second. Both forms become the same node-seconds in
/// memory, so the intake counts a second once whichever form, or both, carried it.
/// </summary>
public sealed class GpuUsageReportedConsumer(
    IValidator<GpuUsageReported> validator,
    IValidator<GpuUsageWindowReported> windowValidator,
    IntakeWriter intake,
    IngestionMetrics metrics,
    IOptions<IngestionOptions> options,
    TimeProvider clock) : IConsumer<Batch<GpuUsageReported>>, IConsumer<Batch<GpuUsageWindowReported>>
{
    public const string RejectedQueue = "gpu-usage-rejected";

    public async Task Consume(ConsumeContext<Batch<GpuUsageReported>> context)
    {
        var accepted = new List<(string, NodeSecond)>(context.Message.Length);
        var rejected = new List<GpuUsageRejected>();
        metrics.Received(context.Message.Length);
        foreach (var message in context.Message)
        {
            var reasons = await ReasonsAsync(message, message.Message.NodeId, validator, message.Message, context.CancellationToken);
            if (reasons.Count == 0)
                accepted.AddRange(message.Message.Seconds.Select(s => (message.Message.NodeId, s)));
            else
                rejected.Add(new GpuUsageRejected { MessageId = message.MessageId, Report = message.Message, Reasons = reasons, RejectedAt = clock.GetUtcNow() });
        }
        await RecordAsync(context, accepted, rejected);
    }

    public async Task Consume(ConsumeContext<Batch<GpuUsageWindowReported>> context)
    {
        var accepted = new List<(string, NodeSecond)>(context.Message.Length * 10);
        var rejected = new List<GpuUsageRejected>();
        metrics.Received(context.Message.Length);
        foreach (var message in context.Message)
        {
            var report = message.Message;
            var reasons = await ReasonsAsync(message, report.NodeId, windowValidator, report, context.CancellationToken);
            if (reasons.Count == 0)
                accepted.AddRange(report.NodeSeconds().Select(s => (report.NodeId, s)));
            else
                rejected.Add(new GpuUsageRejected
                {
                    MessageId = message.MessageId,
                    Report = new GpuUsageReported { NodeId = "", Seconds = [] },
                    WindowReport = report,
                    Reasons = reasons,
                    RejectedAt = clock.GetUtcNow(),
                });
        }
        await RecordAsync(context, accepted, rejected);
    }

    private async Task<List<RejectionReason>> ReasonsAsync<T>(
        ConsumeContext message, string nodeId, IValidator<T> reportValidator, T report, CancellationToken cancellationToken)
    {
        var validation = await reportValidator.ValidateAsync(report, cancellationToken);
        return
        [
            .. NodeIdentity.Check(message, nodeId, options.Value) is { } impostor ? [impostor] : Array.Empty<RejectionReason>(),
            .. validation.Errors.Select(e => new RejectionReason(e.PropertyName, e.ErrorMessage)),
        ];
    }

    private async Task RecordAsync(ConsumeContext context, List<(string, NodeSecond)> accepted, List<GpuUsageRejected> rejected)
    {
        var recorded = await intake.RecordAsync(accepted, context.CancellationToken);
        metrics.Recorded(recorded);

        if (rejected.Count == 0) return;
        await context.PublishBatch(rejected, context.CancellationToken);
        metrics.Rejected(rejected.Count);
    }
}

public sealed class GpuUsageReportedConsumerDefinition()
    : WorkQueue<GpuUsageReportedConsumer>(QueueName, new Batches(BatchSize, TimeSpan.FromMilliseconds(250), ConcurrentBatches))
{
    public const string QueueName = "gpu-usage";
    public const int BatchSize = 500;
    public const int ConcurrentBatches = 2;

    protected override void ConfigureQueue(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var metrics = context.GetRequiredService<IngestionMetrics>();
        endpoint.ConfigureReceive(receive => receive.UseFilter(new OversizeReportFilter(
            context.GetRequiredService<IOptions<IngestionOptions>>().Value, metrics, context.GetRequiredService<TimeProvider>(),
            context.GetRequiredService<ILogger<OversizeReportFilter>>())));
        // Configuring the error pipe replaces MassTransit's, so its two filters (the fault event, the move to `_error`) follow ours.
        endpoint.ConfigureError(error =>
        {
            error.UseFilter(new UnreadableReportFilter(metrics));
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
    }
}
