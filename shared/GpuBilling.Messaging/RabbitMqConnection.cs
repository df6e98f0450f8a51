using MassTransit;
using Microsoft.Extensions.Configuration;

namespace GpuBilling.Messaging;

/// <summary>The `RabbitMq` configuration section every service and the agent read, with the same names everywhere.</summary>
public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>
    /// A file holding the password (a systemd credential, a mounted secret), read instead of
    /// <see cref="Password"/>, so the password need not sit in a configuration file others can read.
    /// </summary>
    public string? PasswordFile { get; set; }

    public RabbitMqTls Tls { get; set; } = new();

    public string ResolvePassword() =>
        string.IsNullOrEmpty(PasswordFile) ? Password : File.ReadAllText(PasswordFile).TrimEnd('\r', '\n');
}

public static class RabbitMqConnection
{
    public static RabbitMqSettings RabbitMqSettings(this IConfiguration configuration) =>
        configuration.GetSection("RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings();

    public static void ConfigureRabbitMq(this IRabbitMqBusFactoryConfigurator rabbit, IConfiguration configuration)
    {
        var settings = configuration.RabbitMqSettings();
        rabbit.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
        {
            host.Username(settings.Username);
            host.Password(settings.ResolvePassword());
            if (!settings.Tls.Enabled) return;
            host.UseSsl(ssl =>
            {
                ssl.ServerName = settings.Tls.ServerName ?? settings.Host;
                if (settings.Tls.CertificateValidation() is { } validation) ssl.CertificateValidationCallback = validation;
                if (settings.Tls.ClientCertificate() is { } certificate) ssl.Certificate = certificate;
            });
        });
    }

    /// <summary>
    /// Stamps the broker user in the message's user-id property. RabbitMQ refuses a user-id that is
    /// not the user of the connection, so a consumer can trust it to say who sent the message.
    /// </summary>
    public static void StampUserId(this SendContext context, string user)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.BasicProperties.UserId = user;
    }
}
