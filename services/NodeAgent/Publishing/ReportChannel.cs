using GpuBilling.Messaging;
using Metering.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace NodeAgent.Publishing;

/// <summary>
/// The agent's one connection to the broker and its one channel, with publisher confirms. It
/// declares nothing: a node's broker user may only write to the reports' exchange, which metering
/// declares with the queue bound to it. A report is published `mandatory`, so one that no queue
/// takes (metering has never run, the queue was deleted) comes back as a <see cref="RabbitMQ.Client.Exceptions.PublishReturnException"/>
/// rather than being dropped. A channel the broker closed (an exchange that does not exist yet, a
/// refused permission) or a lost connection is opened again by the next publish.
/// </summary>
public sealed class ReportChannel(RabbitMqSettings settings, ILogger<ReportChannel> logger) : IHealthCheck, IAsyncDisposable
{
    /// <summary>Metering's endpoint exchange, bound to its queue of the same name.</summary>
    public const string Exchange = "gpu-usage";

    private readonly SemaphoreSlim _opening = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;
    private string _notOpenBecause = "not connected yet";

    public Task PublishAsync(GpuUsageReported report, CancellationToken cancellationToken) =>
        PublishAsync(ReportMessage.Of(report, settings.Username, DateTimeOffset.UtcNow), cancellationToken);

    public Task PublishAsync(GpuUsageWindowReported report, CancellationToken cancellationToken) =>
        PublishAsync(ReportMessage.Of(report, settings.Username, DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>Opens the connection and channel if they are not open; throws if the broker cannot be reached.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    private async Task PublishAsync((BasicProperties Properties, byte[] Body) message, CancellationToken cancellationToken)
    {
        var channel = await OpenAsync(cancellationToken);
        await channel.BasicPublishAsync(Exchange, routingKey: "", mandatory: true, message.Properties, message.Body, cancellationToken);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_channel is { IsOpen: true }
            ? HealthCheckResult.Healthy($"connected to {settings.Host}:{settings.Port} as {settings.Username}")
            : HealthCheckResult.Unhealthy(_channel?.CloseReason?.ToString() ?? _notOpenBecause));

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }

    private async Task<IChannel> OpenAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open) return open;
        await _opening.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } opened) return opened;
            if (_channel is not null)
            {
                logger.LogWarning("The broker closed the channel ({Reason}); opening another", _channel.CloseReason);
                await _channel.DisposeAsync();
                _channel = null;
            }
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = null;
                try
                {
                    _connection = await Factory().CreateConnectionAsync($"node-agent {settings.Username}", cancellationToken);
                }
                catch (Exception e)
                {
                    _notOpenBecause = e.Message;
                    throw;
                }
            }
            // Outstanding confirms are bounded by `Publishing:MaxInFlight`, not by the client's own limiter.
            _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null), cancellationToken);
            return _channel;
        }
        finally
        {
            _opening.Release();
        }
    }

    private ConnectionFactory Factory()
    {
        var tls = settings.Tls;
        var ssl = new SslOption { Enabled = tls.Enabled, ServerName = tls.ServerName ?? settings.Host };
        if (tls.Enabled && tls.CertificateValidation() is { } validation) ssl.CertificateValidationCallback = validation;
        if (tls.Enabled && tls.ClientCertificate() is { } certificate) ssl.Certs = [certificate];
        return new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.ResolvePassword(),
            Ssl = ssl,
            // Reopened on the next publish instead: a channel the broker closed is never recovered by the client.
            AutomaticRecoveryEnabled = false,
        };
    }
}
