using MassTransit;
using Metering.Contracts;

namespace Metering.Ingestion;

/// <summary>
/// Rejects a message larger than <see cref="IngestionOptions.MaxReportBytes"/> before it is
/// deserialized: the body the broker delivered is all it costs. It goes to the rejected queue
/// like any refused report, but without its content (it was never read, and the rejection would
/// be as large), so the reason names its size and its broker user. Not passing it on is what
/// acknowledges it: the filter runs before MassTransit's dead-letter and error handling.
/// </summary>
public sealed class OversizeReportFilter(
    IngestionOptions options,
    IngestionMetrics metrics,
    TimeProvider clock,
    ILogger<OversizeReportFilter> logger) : IFilter<ReceiveContext>
{
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        if (context.Body.Length is not { } size || size <= options.MaxReportBytes)
        {
            await next.Send(context);
            return;
        }

        var properties = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties : null;
        var user = properties?.UserId ?? "(none)";
        logger.LogWarning("Rejected a message of {Bytes} bytes from broker user {User} unread: metering reads at most {MaxReportBytes}.",
            size, user, options.MaxReportBytes);
        var rejected = await context.PublishEndpointProvider.GetPublishSendEndpoint<GpuUsageRejected>();
        await rejected.Send(new GpuUsageRejected
        {
            MessageId = Guid.TryParse(properties?.MessageId, out var id) ? id : null,
            Report = new GpuUsageReported { NodeId = "", Seconds = [] },
            Reasons = [Reason(options.MaxReportBytes, user)],
            RejectedAt = clock.GetUtcNow(),
        }, context.CancellationToken);
        metrics.Rejected(1);
    }

    public static RejectionReason Reason(long maxReportBytes, string user) => new("Report",
        $"The message from broker user '{user}' is larger than the {maxReportBytes} bytes metering reads (Ingestion:MaxReportBytes); it was not read.");

    public void Probe(ProbeContext context) => context.CreateFilterScope("oversizeReports");
}

/// <summary>
/// Counts the messages that fail because they cannot be read as a report (broken JSON, a field
/// of the wrong type) on their way to the error queue, which MassTransit moves them to.
/// </summary>
public sealed class UnreadableReportFilter(IngestionMetrics metrics) : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (IsUnreadable(context.Exception)) metrics.Unreadable();
        return next.Send(context);
    }

    private static bool IsUnreadable(Exception? exception) =>
        exception is System.Text.Json.JsonException or System.Runtime.Serialization.SerializationException || exception?.InnerException is { } inner && IsUnreadable(inner);

    public void Probe(ProbeContext context) => context.CreateFilterScope("unreadableReports");
}
